using Microsoft.Extensions.Logging;
using SimLap.Contracts.Tracking;

namespace SimLap.Engine.Training;

/// <summary>
/// Runs the pipeline's evaluators on their schedule (<see cref="IsDue"/>: their own <c>every:</c>, else
/// <c>train.eval_every</c>, and always after the last epoch) and adds what they log to the run's results.
/// </summary>
/// <param name="pipeline">The pipeline whose evaluators run.</param>
/// <param name="tracker">Where their metrics go.</param>
/// <param name="progress">Where they are shown.</param>
/// <param name="logger">Where skipped evaluators are reported.</param>
/// <param name="plan">The run's epochs and batch size.</param>
/// <param name="evalEvery">Evaluate every N epochs, for evaluators without their own schedule (<c>train.eval_every</c>; 0: at the end only).</param>
/// <param name="workDirectory">Where evaluators write their files.</param>
public sealed class EvaluationHook(Pipeline pipeline, ITracker tracker, IProgressReporter progress, ILogger logger, TrainingPlan plan, int evalEvery, string workDirectory) : ITrainingHook
{
    /// <summary>Runs the evaluators due after the epoch.</summary>
    public void OnEvaluation(EvaluationArgs e)
    {
        var epoch = e.State.Epoch;
        var runner = new EvaluationRunner(pipeline, tracker, progress, logger, plan.BatchSize, workDirectory, e.Cancellation);
        foreach (var (name, value) in runner.Run(epoch, e.State.Step, evaluator => IsDue(evaluator, epoch)))
        {
            e.Results[name] = value;
        }
    }

    /// <summary>Whether <paramref name="evaluator"/> runs after <paramref name="epoch"/>.</summary>
    public bool IsDue(PipelineEvaluator evaluator, int epoch) => evaluator.IsDue(epoch, plan.Epochs, evalEvery);
}
