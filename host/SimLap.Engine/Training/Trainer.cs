using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// The training lifecycle, written once for every method: two augmented views, backbone, projector, pairs, head,
/// loss, optimiser step; periodic evaluation on the frozen encoder. Every step runs in its own dispose scope, and loss
/// values stay on the device until they are read in batches every <c>log_every</c> steps. The per-step learning rate
/// and momentum are kept with them and logged in the same batch, so the tracker is called (and its background writer
/// woken) once per read rather than once per step: with a REST store that was one HTTP request per step.
/// </summary>
public sealed class Trainer(Pipeline pipeline, ExperimentOptions experiment, ITracker tracker, IProgressReporter progress, ILogger logger, string? workDirectory = null)
{
    private readonly TrainOptions options = experiment.Train;
    private readonly List<PendingStep> pending = [];
    private readonly Dictionary<string, double> evaluation = [];
    private string[] termNames = [];
    private double epochLossSum;
    private long epochLossCount;

    /// <summary>Trains for the configured epochs, evaluating as configured. Cancellation stops after the current step.</summary>
    public TrainingResult Run(CancellationToken cancellation) => Run(cancellation, null, null);

    /// <summary>
    /// Trains from the start or from <paramref name="resumeFrom"/> (a checkpoint of the same experiment), saving
    /// checkpoints as <paramref name="checkpoints"/> says. Cancellation stops after the current step and saves a
    /// checkpoint first, so the run can be resumed where it stopped.
    /// </summary>
    public TrainingResult Run(CancellationToken cancellation, CheckpointPlan? checkpoints, string? resumeFrom)
    {
        var train = pipeline.Train;
        var batchSize = options.BatchSize;
        var available = (int)Math.Min(int.MaxValue, train.Count / batchSize);
        if (available == 0)
        {
            throw new ConfigurationException($"train.batch_size = {batchSize} is larger than the training set ({train.Count} images); lower the batch size.");
        }

        if (options.StepsPerEpoch > available)
        {
            throw new ConfigurationException($"train.steps_per_epoch = {options.StepsPerEpoch}, but {train.Count} training images give only {available} batches of {batchSize}; use at most {available}, or 0 for the whole set.");
        }

        if (pipeline.Pairs.NeedsLabels && train.Labels is null)
        {
            throw new ConfigurationException("the pair sampler needs class labels, but the training data is label-free; use pairs: { type: instance }.");
        }

        var stepsPerEpoch = options.StepsPerEpoch > 0 ? options.StepsPerEpoch : available;
        var schedule = new LearningRatePlan(options, stepsPerEpoch);
        using var optimizer = new TrainingOptimizer(options.Optimizer, pipeline.Modules.SelectMany(m => m.named_parameters()), options.GradClipNorm);
        var order = pipeline.Generators[PipelineBuilder.DataOrderStream];
        var prefetch = options.PrefetchOn(pipeline.Device.type);
        tracker.SetTag("simlap.prefetch", prefetch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var producer = prefetch > 0 ? new DedicatedThread("simlap-batch-prefetch") : null;
        if (producer is not null && pipeline.Device.type == DeviceType.CPU)
        {
            // OpenMP threads are per calling thread: left at the step's count, the producer's team and the step's
            // oversubscribe the cores and every parallel region of the step waits at its barrier for a descheduled
            // thread (measured on 2 cores: the framework at 89-91% of a plain loop; with one producer thread, 96-99%).
            producer.Run(() => torch.set_num_threads(options.PrefetchThreads)).Wait();
        }
        var augmentationGenerator = pipeline.Generators[ComponentKinds.Section(SimLap.Contracts.Components.ComponentKind.Augmentation)];
        using var instanceIds = torch.arange(train.Count, dtype: ScalarType.Int64);
        var labels = train.Labels ?? instanceIds;

        var state = TrainingProgress.Start;
        Tensor? permutation = null;
        if (resumeFrom is not null)
        {
            (var header, permutation) = CheckpointFile.Read(resumeFrom, pipeline, optimizer);
            state = header.Progress;
            if (state.Epoch > options.Epochs)
            {
                throw new ConfigurationException($"checkpoint '{resumeFrom}' is from the end of training (epoch {state.Epoch - 1} of {options.Epochs}); there is nothing left to resume. Raise train.epochs to train further.");
            }

            logger.LogInformation("Resuming at epoch {Epoch}, step {Step} from {Checkpoint}", state.Epoch, state.Step, resumeFrom);
        }

        var total = options.Epochs * (long)stepsPerEpoch;
        var clock = Stopwatch.StartNew();
        var lastEpochLoss = double.NaN;
        var step = state.Step;
        progress.Start(total, options.Epochs);
        progress.Step(step, state.Epoch, null);
        pipeline.SetTraining(true);
        for (var epoch = state.Epoch; epoch <= options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var dataTime = TimeSpan.Zero;
            var first = epoch == state.Epoch ? state.StepInEpoch : 0;
            (epochLossSum, epochLossCount) = epoch == state.Epoch ? (state.EpochLossSum, state.EpochLossCount) : (0, 0);
            permutation ??= torch.randperm(train.Count, generator: order);
            var prefetcher = new BatchPrefetcher(train, labels, permutation, batchSize, first, stepsPerEpoch, pipeline.Augmentation, augmentationGenerator, pipeline.Device, producer, prefetch);
            try
            {
                for (var i = first; i < stepsPerEpoch; i++, step++)
                {
                    if (cancellation.IsCancellationRequested)
                    {
                        // Rewind the augmentation stream to the first batch not trained on, so a resumed run draws the same views.
                        using (var rewind = prefetcher.Stop())
                        {
                            if (rewind is not null)
                            {
                                augmentationGenerator.set_state(rewind);
                            }
                        }

                        ReadPending();
                        SaveCheckpoint(checkpoints, new TrainingProgress(epoch, i, step, epochLossSum, epochLossCount), permutation, optimizer);
                        cancellation.ThrowIfCancellationRequested();
                    }

                    var learningRate = schedule.At(step);
                    optimizer.SetLearningRate(learningRate);
                    Tensor values;
                    var asked = Stopwatch.GetTimestamp();
                    using (var batch = prefetcher.Next())
                    {
                        dataTime += Stopwatch.GetElapsedTime(asked);
                        values = TrainStep(optimizer, batch.Views, batch.Labels);
                    }

                    double? momentum = null;
                    if (pipeline.Target is { } target)
                    {
                        momentum = target.Schedule.At(step, total);
                        target.Update(momentum.Value);
                    }

                    pending.Add(new PendingStep(step, values, learningRate, momentum, DateTimeOffset.UtcNow));

                    double? loss = null;
                    if ((step + 1) % options.LogEvery == 0 || i == stepsPerEpoch - 1)
                    {
                        loss = ReadPending();
                    }

                    progress.Step(step + 1, epoch, loss);
                }
            }
            finally
            {
                prefetcher.Dispose();
            }

            lastEpochLoss = epochLossSum / Math.Max(1, epochLossCount);
            var seconds = epochClock.Elapsed.TotalSeconds;
            tracker.LogMetric("train/epoch_loss", lastEpochLoss, step);
            tracker.LogMetric("train/epoch", epoch, step);
            var imagesPerSecond = (stepsPerEpoch - first) * (double)batchSize / seconds;
            tracker.LogMetric("train/images_per_second", imagesPerSecond, step);

            // The share of the epoch the training thread waited for its batches (or, with prefetch 0, made them):
            // near 0 when the data pipeline keeps up, the first thing to look at when images/s disappoints.
            var dataFraction = dataTime.TotalSeconds / seconds;
            tracker.LogMetric("train/data_time_fraction", dataFraction, step);
            progress.Status($"epoch {epoch}/{options.Epochs}: loss {lastEpochLoss:F4}, lr {schedule.At(Math.Max(0, step - 1)):G3}, {imagesPerSecond:F0} images/s ({seconds:F1} s, {100 * dataFraction:F0}% of it on data)");
            logger.LogInformation("Epoch {Epoch}/{Epochs}: loss {Loss:F4} in {Seconds:F1} s", epoch, options.Epochs, lastEpochLoss, seconds);

            try
            {
                Evaluate(epoch, step, batchSize, cancellation);
            }
            catch (OperationCanceledException)
            {
                // Interrupted while evaluating: the epoch is trained but not evaluated. The checkpoint stands at its
                // last step, so a resumed run evaluates it (what the epoch already logged is not logged twice).
                SaveCheckpoint(checkpoints, new TrainingProgress(epoch, stepsPerEpoch, step, epochLossSum, epochLossCount), permutation, optimizer);
                throw;
            }

            permutation.Dispose();
            permutation = null;
            if (checkpoints is not null && (epoch == options.Epochs || checkpoints.IsDue(epoch)))
            {
                SaveCheckpoint(checkpoints, new TrainingProgress(epoch + 1, 0, step, 0, 0), null, optimizer);
            }

            // Between epochs, not within a step: what the epoch logged is stored (or spooled) before the next begins.
            (tracker as Tracking.IRunTracker)?.Flush();
        }

        progress.Stop();
        return new TrainingResult(step, lastEpochLoss, evaluation, clock.Elapsed.TotalSeconds);
    }

    private void Evaluate(int epoch, long step, int batchSize, CancellationToken cancellation)
    {
        if (pipeline.Probe is { } probe)
        {
            var encoder = new FeatureExtractor(pipeline.Backbone, pipeline.Device, Math.Max(batchSize, 256), cancellation: cancellation);
            var top1 = probe.Evaluate(encoder, pipeline.Test);
            tracker.LogMetric("eval/online-probe/top1", top1, step);
            evaluation["eval/online-probe/top1"] = top1;
            progress.Status($"  eval/online-probe/top1 = {top1:F2}");
            pipeline.SetTraining(true);
        }

        foreach (var (name, value) in new EvaluationRunner(pipeline, tracker, progress, logger, batchSize, workDirectory ?? Path.GetTempPath(), cancellation)
            .Run(epoch, step, e => e.IsDue(epoch, experiment.Train.Epochs, options.EvalEvery)))
        {
            evaluation[name] = value;
        }
    }

    private void SaveCheckpoint(CheckpointPlan? checkpoints, TrainingProgress at, Tensor? permutation, TrainingOptimizer optimizer)
    {
        if (checkpoints is null)
        {
            return;
        }

        Tracking.StoreFaults.Hit(Tracking.StoreFaults.Checkpoint);
        checkpoints.Save(at, permutation, pipeline, optimizer);
    }

    /// <summary>One optimiser step; returns the step's loss terms and diagnostics (float32 [terms], on the device, unread).</summary>
    private Tensor TrainStep(TrainingOptimizer optimizer, Tensor views, Tensor batchLabels)
    {
        using var scope = torch.NewDisposeScope();

        var features = pipeline.Backbone.Network.call(views);
        var embeddings = pipeline.Projector.Network.call(features);
        var (z1, z2) = Halves(embeddings);
        var (f1, f2) = Halves(features);

        var pairs = pipeline.Pairs.Sample(batchLabels);
        var head = pipeline.Head.Gate(pairs);
        var input = new LossInput(z1, z2, pairs, head.Gates, f1, f2);
        if (pipeline.Target is { } target)
        {
            var (t1, t2) = Halves(target.Embed(views));
            input = input with { Target1 = t1, Target2 = t2 };
        }

        var output = pipeline.Loss.Compute(input);
        var objective = output.Loss + head.Penalty;

        optimizer.ZeroGrad();
        objective.backward();
        optimizer.Step();

        var diagnostics = output.Diagnostics.Concat(head.Diagnostics).ToList();
        if (pipeline.Probe is { } probe)
        {
            var (probeLoss, probeAccuracy) = probe.Step(features, torch.cat([batchLabels, batchLabels], 0));
            diagnostics.Add(new("online_probe_loss", probeLoss));
            diagnostics.Add(new("online_probe_accuracy", probeAccuracy));
        }

        diagnostics.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (termNames.Length == 0)
        {
            termNames = ["loss", "loss_term", "gate_penalty", .. diagnostics.Select(d => d.Key)];
        }

        Tensor[] terms = [objective, output.Loss, head.Penalty, .. diagnostics.Select(d => d.Value)];
        var values = torch.stack(terms.Select(t => t.detach().to_type(ScalarType.Float32).reshape(1)).ToArray()).reshape(-1);
        return values.MoveToOuterDisposeScope();
    }

    private double? ReadPending()
    {
        if (pending.Count == 0)
        {
            return null;
        }

        double last;
        using (var stacked = torch.stack(pending.Select(p => p.Values).ToArray()).cpu())
        {
            var values = stacked.data<float>().ToArray();
            var width = termNames.Length;
            last = double.NaN;
            for (var row = 0; row < pending.Count; row++)
            {
                // Stamped with the time the step ran, not the time its batch was read (log_every steps later).
                var (step, _, learningRate, momentum, ranAt) = pending[row];
                tracker.LogMetric("train/lr", learningRate, step, ranAt);
                if (momentum is { } m)
                {
                    tracker.LogMetric("train/momentum", m, step, ranAt);
                }

                var objective = values[row * width];
                if (!float.IsFinite(objective))
                {
                    var terms = termNames.Select((name, k) => (name, (double)values[(row * width) + k])).ToDictionary(t => t.name, t => t.Item2);
                    DisposePending();
                    throw new TrainingDivergedException(step, terms);
                }

                tracker.LogMetric("train/loss", objective, step, ranAt);
                for (var k = 1; k < width; k++)
                {
                    tracker.LogMetric($"train/{termNames[k]}", values[(row * width) + k], step, ranAt);
                }

                epochLossSum += objective;
                epochLossCount++;
                last = objective;
            }
        }

        DisposePending();
        return last;
    }

    private void DisposePending()
    {
        foreach (var entry in pending)
        {
            entry.Values.Dispose();
        }

        pending.Clear();
    }

    /// <summary>A step whose values are not read yet: its loss terms (on the device), learning rate, momentum and the wall time it ran.</summary>
    private readonly record struct PendingStep(long Step, Tensor Values, double LearningRate, double? Momentum, DateTimeOffset RanAt);

    private static (Tensor First, Tensor Second) Halves(Tensor tensor)
    {
        var halves = tensor.chunk(2, 0);
        return (halves[0], halves[1]);
    }
}
