using System.Collections.Concurrent;
using SimLap.Contracts.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// Prepares the next batches of an epoch (gather, convert, move to the device, augment twice) on a background thread
/// while the current step runs, through a bounded queue. Only this thread uses the augmentation and its generator
/// while it runs; each batch carries the generator's state from before it was drawn, so an interruption can rewind
/// the generator to the first batch not trained on, and a resumed run draws exactly the same views.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    private readonly BlockingCollection<PreparedBatch> queue;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread producer;
    private Tensor? unsentState;
    private Exception? failure;
    private bool stopped;

    /// <summary>Starts preparing batches <paramref name="first"/>..<paramref name="count"/>-1 of the epoch ordered by <paramref name="permutation"/>.</summary>
    public BatchPrefetcher(Tensor images, Tensor labels, Tensor permutation, int batchSize, int first, int count, IAugmentation augmentation, Generator augmentationGenerator, Device device, int depth = 2)
    {
        queue = new BlockingCollection<PreparedBatch>(depth);
        producer = new Thread(() => Produce(images, labels, permutation, batchSize, first, count, augmentation, augmentationGenerator, device))
        {
            IsBackground = true,
            Name = "simlap-batch-prefetch",
        };
        producer.Start();
    }

    /// <summary>The next batch, in order; rethrows a failure of the producer.</summary>
    public PreparedBatch Next()
    {
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
        producer.Join();
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
        queue.Dispose();
        stop.Dispose();
    }

    private void Produce(Tensor images, Tensor labels, Tensor permutation, int batchSize, int first, int count, IAugmentation augmentation, Generator augmentationGenerator, Device device)
    {
        try
        {
            for (var i = first; i < count; i++)
            {
                var state = augmentationGenerator.get_state();
                if (stop.IsCancellationRequested)
                {
                    unsentState = state;
                    return;
                }

                PreparedBatch prepared;
                using (var scope = torch.NewDisposeScope())
                {
                    var indices = permutation.narrow(0, (long)i * batchSize, batchSize);
                    var batch = images.index_select(0, indices).to(device).to_type(ScalarType.Float32).div_(255);
                    var batchLabels = labels.index_select(0, indices).to(device);
                    var views = torch.cat([augmentation.Apply(batch), augmentation.Apply(batch)], 0);
                    prepared = new PreparedBatch(i, views.MoveToOuterDisposeScope(), batchLabels.MoveToOuterDisposeScope(), state);
                }

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
