using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Testing;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training.Hooks;

/// <summary>The evaluation and checkpoint hooks: after which epochs they fire, and what a checkpoint records.</summary>
public sealed class ScheduleHookTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void EvaluatorsAreDueOnTheirOwnScheduleElseOnEvalEveryAndAlwaysAfterTheLastEpoch()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=5", "train.eval_every=3", "eval=[{type: knn, k: 5, every: 2}, {type: spectrum}]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var hook = new EvaluationHook(pipeline, new NullTracker(), new SilentProgress(), NullLogger.Instance, Plan(experiment), experiment.Options.Train.EvalEvery, work.Path);
        var (knn, spectrum) = (pipeline.Evaluators[0], pipeline.Evaluators[1]);

        Assert.Equal([2, 4, 5], Enumerable.Range(1, 5).Where(epoch => hook.IsDue(knn, epoch)));
        Assert.Equal([3, 5], Enumerable.Range(1, 5).Where(epoch => hook.IsDue(spectrum, epoch)));
    }

    [Fact]
    public void AnEvaluationLogsTheDueEvaluatorsAtTheEpochsLastStepAndAddsThemToTheResults()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3", "eval=[{type: knn, k: 5, every: 2}, {type: spectrum}]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var tracker = new RecordingTracker();
        var hook = new EvaluationHook(pipeline, tracker, new SilentProgress(), NullLogger.Instance, Plan(experiment), 0, work.Path);
        var results = new Dictionary<string, double>();

        hook.OnEvaluation(new EvaluationArgs(new TrainingState(new TrainingProgress(1, 4, 4, 0, 0)), results, CancellationToken.None));
        Assert.Empty(results);
        hook.OnEvaluation(new EvaluationArgs(new TrainingState(new TrainingProgress(2, 4, 8, 0, 0)), results, CancellationToken.None));

        var (step, top1) = Assert.Single(tracker.Points("eval/knn/top1"));
        Assert.Equal(8, step);
        Assert.Equal(top1, results["eval/knn/top1"]);
        Assert.Empty(tracker.Points("eval/spectrum/effective_rank"));
    }

    [Fact]
    public void CheckpointsAreSavedEveryNEpochsAndAfterTheLastAtTheStartOfTheNextEpoch()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=5");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        var plan = new CheckpointPlan(new CheckpointFolder(work.Combine("every-2"), 10), 2, "run");
        var hook = new CheckpointHook(plan, pipeline, optimizer, 5);

        Assert.Equal([2, 4, 5], Enumerable.Range(1, 5).Where(hook.IsDue));
        for (var epoch = 1; epoch <= 5; epoch++)
        {
            hook.OnEvaluation(new EvaluationArgs(new TrainingState(new TrainingProgress(epoch, 4, 4L * epoch, 1.5, 4)), new Dictionary<string, double>(), CancellationToken.None));
        }

        var written = Directory.EnumerateFiles(plan.Folder.Path).Order().Select(CheckpointFile.ReadHeader).Select(h => h.Progress).ToList();
        Assert.Equal([new TrainingProgress(3, 0, 8, 0, 0), new TrainingProgress(5, 0, 16, 0, 0), new TrainingProgress(6, 0, 20, 0, 0)], written);
    }

    [Fact]
    public void AnInterruptionSavesWhereTheRunStoppedWithTheEpochsOrderAndLosses()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        var plan = new CheckpointPlan(new CheckpointFolder(work.Combine("interrupted"), 10), 0, "run");
        var hook = new CheckpointHook(plan, pipeline, optimizer, 3);
        var order = Enumerable.Range(0, TinyExperiment.TrainImages).Select(i => (long)(TinyExperiment.TrainImages - 1 - i)).ToArray();
        var state = new TrainingState(new TrainingProgress(2, 2, 6, 2.5, 2), torch.tensor(order));

        hook.OnInterrupt(new InterruptArgs(state));

        Assert.Equal(new TrainingProgress(2, 2, 6, 2.5, 2), CheckpointFile.ReadHeader(plan.Last!).Progress);
        using var restored = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var restoredOptimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, restored.Parameters);
        var (_, permutation) = CheckpointFile.Read(plan.Last!, restored, restoredOptimizer);
        Assert.Equal(order, permutation!.data<long>().ToArray());
        permutation.Dispose();
        state.Permutation?.Dispose();
    }

    private static TrainingPlan Plan(Engine.Experiments.ResolvedExperiment experiment) =>
        new(experiment.Options.Train.Epochs, experiment.Options.Train.BatchSize, 4, new LearningRatePlan(experiment.Options.Train, 4));
}
