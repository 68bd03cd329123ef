using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// The training lifecycle, written once for every method: epochs of optimiser steps (<see cref="TrainingStep"/>) over
/// batches of two augmented views, raising the events of <see cref="ITrainingHook"/> in their documented order. What
/// is done around the steps is done by hooks (<see cref="DefaultHooks"/>): the momentum target's update, metric
/// buffering and logging, throughput, progress, the online probe, the evaluators and checkpoints. Every step runs in its
/// own dispose scope, and its values stay on the device until the metric buffer reads them every <c>log_every</c> steps.
/// </summary>
public sealed class Trainer(Pipeline pipeline, ExperimentOptions experiment, ITracker tracker, IProgressReporter progress, ILogger logger, string? workDirectory = null)
{
    private readonly TrainOptions options = experiment.Train;

    /// <summary>Hooks called after the built-in ones, for every event.</summary>
    public IReadOnlyList<ITrainingHook> Hooks { get; init; } = [];

    /// <summary>The clock per-step metrics are stamped from (the time each step ended).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Trains for the configured epochs, evaluating as configured. Cancellation stops after the current step.</summary>
    public TrainingResult Run(CancellationToken cancellation) => Run(cancellation, null, null);

    /// <summary>
    /// Trains from the start or from <paramref name="resumeFrom"/> (a checkpoint of the same experiment), saving
    /// checkpoints as <paramref name="checkpoints"/> says. Cancellation stops after the current step and saves a
    /// checkpoint first, so the run can be resumed where it stopped.
    /// </summary>
    public TrainingResult Run(CancellationToken cancellation, CheckpointPlan? checkpoints, string? resumeFrom)
    {
        var plan = TrainingPlanCheck.Check(pipeline, options);
        using var optimizer = new TrainingOptimizer(options.Optimizer, pipeline.Modules.SelectMany(m => m.named_parameters()), options.GradClipNorm);
        using var batches = new TrainingBatches(pipeline, options, tracker);
        var state = Resume(resumeFrom, optimizer);
        var hooks = new TrainingHooks([.. DefaultHooks(plan, checkpoints, optimizer), .. Hooks]);
        var step = new TrainingStep(pipeline, optimizer);
        var evaluation = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var finalLoss = double.NaN;
        hooks.OnRunStart(new RunStartArgs(plan, state));
        pipeline.SetTraining(true);
        for (; state.Epoch <= plan.Epochs; state.BeginNextEpoch())
        {
            hooks.OnEpochStart(new EpochStartArgs(state));
            state.Permutation ??= torch.randperm(pipeline.Train.Count, generator: pipeline.Generators[PipelineBuilder.DataOrderStream]);
            TrainEpoch(plan, state, batches, step, optimizer, hooks, cancellation);
            finalLoss = state.EpochLoss;
            hooks.OnEpochEnd(new EpochEndArgs(state));
            Evaluate(hooks, new EvaluationArgs(state, evaluation, cancellation));
        }

        hooks.OnRunEnd(new RunEndArgs(state));
        return new TrainingResult(state.Step, finalLoss, evaluation, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The built-in hooks, in the order they are called: the momentum target (before the metrics, which log its
    /// momentum), the metric buffer, throughput, progress (which shows what the two before it computed), the online
    /// probe and the evaluators, then checkpoints (after the evaluation, and after the metric buffer has read the
    /// losses an interrupted checkpoint counts).
    /// </summary>
    public IEnumerable<ITrainingHook> DefaultHooks(TrainingPlan plan, CheckpointPlan? checkpoints, TrainingOptimizer optimizer)
    {
        if (pipeline.Target is { } target)
        {
            yield return new MomentumTargetHook(target, plan.TotalSteps);
        }

        yield return new MetricBufferHook(tracker, options.LogEvery, Clock);
        yield return new ThroughputHook(tracker, plan.BatchSize);
        yield return new ProgressHook(progress, logger);
        if (pipeline.Probe is { } probe)
        {
            yield return new OnlineProbeHook(pipeline, probe, tracker, progress, plan.BatchSize);
        }

        yield return new EvaluationHook(pipeline, tracker, progress, logger, plan, options.EvalEvery, workDirectory ?? Path.GetTempPath());
        if (checkpoints is not null)
        {
            yield return new CheckpointHook(checkpoints, pipeline, optimizer, plan.Epochs);
        }
    }

    /// <summary>The epoch's remaining steps. Cancellation is honoured before each: the hooks save the state, then it throws.</summary>
    private static void TrainEpoch(TrainingPlan plan, TrainingState state, TrainingBatches batches, TrainingStep step, TrainingOptimizer optimizer, TrainingHooks hooks, CancellationToken cancellation)
    {
        using var prefetcher = batches.Epoch(state.Permutation!, state.StepInEpoch, plan.StepsPerEpoch);
        for (; state.StepInEpoch < plan.StepsPerEpoch; state.Advance())
        {
            if (cancellation.IsCancellationRequested)
            {
                batches.Rewind(prefetcher);
                hooks.OnInterrupt(new InterruptArgs(state));
                cancellation.ThrowIfCancellationRequested();
            }

            var learningRate = plan.Schedule.At(state.Step);
            optimizer.SetLearningRate(learningRate);
            Tensor values;
            TimeSpan dataTime;
            var asked = Stopwatch.GetTimestamp();
            using (var batch = prefetcher.Next())
            {
                dataTime = Stopwatch.GetElapsedTime(asked);
                values = step.Run(batch.Views, batch.Labels);
            }

            hooks.OnStepEnd(new StepEndArgs(state, values, step.TermNames, learningRate, dataTime, state.StepInEpoch == plan.StepsPerEpoch - 1));
        }
    }

    private static void Evaluate(TrainingHooks hooks, EvaluationArgs e)
    {
        try
        {
            hooks.OnEvaluation(e);
        }
        catch (OperationCanceledException)
        {
            // Interrupted while evaluating: the epoch is trained but not evaluated. The checkpoint stands at its
            // last step, so a resumed run evaluates it (what the epoch already logged is not logged twice).
            hooks.OnInterrupt(new InterruptArgs(e.State));
            throw;
        }
    }

    private TrainingState Resume(string? checkpoint, TrainingOptimizer optimizer)
    {
        if (checkpoint is null)
        {
            return new TrainingState(TrainingProgress.Start);
        }

        var (header, permutation) = CheckpointFile.Read(checkpoint, pipeline, optimizer);
        var from = header.Progress;
        if (from.Epoch > options.Epochs)
        {
            throw new ConfigurationException($"checkpoint '{checkpoint}' is from the end of training (epoch {from.Epoch - 1} of {options.Epochs}); there is nothing left to resume. Raise train.epochs to train further.");
        }

        logger.LogInformation("Resuming at epoch {Epoch}, step {Step} from {Checkpoint}", from.Epoch, from.Step, checkpoint);
        return new TrainingState(from, permutation);
    }
}
