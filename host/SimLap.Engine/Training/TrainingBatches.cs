using SimLap.Contracts.Components;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// The training split in batches, epoch by epoch: the thread that prepares them ahead (when <c>train.prefetch</c> is
/// above 0), the labels pairs are drawn from (each image's own index for label-free data), and one
/// <see cref="BatchPrefetcher"/> per epoch.
/// </summary>
public sealed class TrainingBatches : IDisposable
{
    private readonly Pipeline pipeline;
    private readonly int batchSize;
    private readonly int prefetch;
    private readonly DedicatedThread? producer;
    private readonly Generator augmentationGenerator;
    private readonly Tensor instanceIds;
    private readonly Tensor labels;

    /// <summary>Starts the producer thread if prefetching, and records the depth as the tag <c>simlap.prefetch</c>.</summary>
    public TrainingBatches(Pipeline pipeline, TrainOptions options, ITracker tracker)
    {
        this.pipeline = pipeline;
        batchSize = options.BatchSize;
        prefetch = options.PrefetchOn(pipeline.Device.type);
        tracker.SetTag("simlap.prefetch", prefetch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        producer = prefetch > 0 ? new DedicatedThread("simlap-batch-prefetch") : null;
        if (producer is not null && pipeline.Device.type == DeviceType.CPU)
        {
            // OpenMP threads are per calling thread: left at the step's count, the producer's team and the step's
            // oversubscribe the cores and every parallel region of the step waits at its barrier for a descheduled
            // thread (measured on 2 cores: the framework at 89-91% of a plain loop; with one producer thread, 96-99%).
            producer.Run(() => torch.set_num_threads(options.PrefetchThreads)).Wait();
        }

        augmentationGenerator = pipeline.Generators[ComponentKinds.Section(ComponentKind.Augmentation)];
        instanceIds = torch.arange(pipeline.Train.Count, dtype: ScalarType.Int64);
        labels = pipeline.Train.Labels ?? instanceIds;
    }

    /// <summary>Starts preparing batches <paramref name="first"/>..<paramref name="count"/>-1 of the epoch ordered by <paramref name="permutation"/>.</summary>
    public BatchPrefetcher Epoch(Tensor permutation, int first, int count) =>
        new(pipeline.Train, labels, permutation, batchSize, first, count, pipeline.Augmentation, augmentationGenerator, pipeline.Device, producer, prefetch);

    /// <summary>
    /// Stops <paramref name="prefetcher"/> and rewinds the augmentation stream to the first batch not trained on, so a
    /// run resumed from here draws the same views.
    /// </summary>
    public void Rewind(BatchPrefetcher prefetcher)
    {
        using var rewind = prefetcher.Stop();
        if (rewind is not null)
        {
            augmentationGenerator.set_state(rewind);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        instanceIds.Dispose();
        producer?.Dispose();
    }
}
