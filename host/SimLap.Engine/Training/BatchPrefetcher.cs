using System.Collections.Concurrent;
using SimLap.Contracts.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// Prepares the next batches of an epoch (gather, convert, move to the device, augment twice) on a background thread
/// (the run's <see cref="DedicatedThread"/>) while the current step runs, through a bounded queue. Only this thread uses the augmentation and its generator
/// while it runs; each batch carries the generator's state from before it was drawn, so an interruption can rewind
/// the generator to the first batch not trained on, and a resumed run draws exactly the same views.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    private readonly BlockingCollection<PreparedBatch> queue;
    private readonly CancellationTokenSource stop = new();
    private readonly Task? producer;
    private readonly IEnumerator<PreparedBatch>? inline;
    private Tensor? unsentState;
    private Exception? failure;
    private bool stopped;

    /// <summary>
    /// Starts preparing batches <paramref name="first"/>..<paramref name="count"/>-1 of the epoch ordered by
    /// <paramref name="permutation"/>, up to <paramref name="depth"/> ahead; depth 0 prepares each batch on the
    /// calling thread when it is asked for.
    /// </summary>
    public BatchPrefetcher(ImageSet images, Tensor labels, Tensor permutation, int batchSize, int first, int count, IAugmentation augmentation, Generator augmentationGenerator, Device device, DedicatedThread? worker, int depth = 2)
    {
        queue = new BlockingCollection<PreparedBatch>(Math.Max(1, depth));
        var batches = Enumerable.Range(first, Math.Max(0, count - first))
            .Select(i => Prepare(i, images, labels, permutation, batchSize, augmentation, augmentationGenerator, device));
        if (depth == 0 || worker is null)
        {
            inline = batches.GetEnumerator();
            return;
        }

        producer = worker.Run(() => Produce(batches));
    }

    /// <summary>The next batch, in order; rethrows a failure of the producer.</summary>
    public PreparedBatch Next()
    {
        if (inline is not null)
        {
            return inline.MoveNext() ? inline.Current : throw new InvalidOperationException("no batch is left in this epoch");
        }

        if (queue.TryTake(out var batch, Timeout.Infinite))
        {
            return batch;
        }

        throw new InvalidOperationException($"preparing the next batch failed: {failure?.Message ?? "the producer stopped early"}", failure);
    }

    /// <summary>
    /// Stops the producer and discards the batches not taken. Returns the augmentation generator's state from before
    /// the first of them (null when every batch of the epoch was taken), for the caller to rewind the generator.
    /// </summary>
    public Tensor? Stop()
    {
        if (stopped)
        {
            return null;
        }

        stopped = true;
        stop.Cancel();
        if (producer is null)
        {
            return null;
        }

        producer.Wait();
        Tensor? rewind = null;
        while (queue.TryTake(out var batch))
        {
            rewind ??= batch.AugmentationState.clone();
            batch.Dispose();
        }

        if (rewind is null)
        {
            rewind = unsentState;
        }
        else
        {
            unsentState?.Dispose();
        }

        unsentState = null;
        return rewind;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop()?.Dispose();
        inline?.Dispose();
        queue.Dispose();
        stop.Dispose();
    }

    private static PreparedBatch Prepare(int index, ImageSet images, Tensor labels, Tensor permutation, int batchSize, IAugmentation augmentation, Generator augmentationGenerator, Device device)
    {
        var state = augmentationGenerator.get_state();
        using var scope = torch.NewDisposeScope();
        var indices = permutation.narrow(0, (long)index * batchSize, batchSize);
        var batch = images.Gather(indices).to(device).to_type(ScalarType.Float32).div_(255);
        var batchLabels = labels.index_select(0, indices).to(device);
        var views = torch.cat([augmentation.Apply(batch), augmentation.Apply(batch)], 0);
        return new PreparedBatch(index, views.MoveToOuterDisposeScope(), batchLabels.MoveToOuterDisposeScope(), state);
    }

    private void Produce(IEnumerable<PreparedBatch> batches)
    {
        try
        {
            using var enumerator = batches.GetEnumerator();
            while (true)
            {
                if (stop.IsCancellationRequested)
                {
                    // The next batch is not drawn: the generator is where a resumed run must start.
                    return;
                }

                if (!enumerator.MoveNext())
                {
                    return;
                }

                var prepared = enumerator.Current;
                try
                {
                    queue.Add(prepared, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    unsentState = prepared.AugmentationState.clone();
                    prepared.Dispose();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            queue.CompleteAdding();
        }
    }
}
