using Microsoft.Extensions.Logging;

namespace SimLap.Engine.Training;

/// <summary>Shows training as it goes (<see cref="IProgressReporter"/>): every step, with the latest loss read, and a summary line per epoch.</summary>
/// <param name="progress">The reporter.</param>
/// <param name="logger">Where the epoch summary is logged too.</param>
public sealed class ProgressHook(IProgressReporter progress, ILogger logger) : ITrainingHook
{
    private TrainingPlan? plan;

    /// <summary>Starts the reporter at the step training starts from.</summary>
    public void OnRunStart(RunStartArgs e)
    {
        plan = e.Plan;
        progress.Start(e.Plan.TotalSteps, e.Plan.Epochs);
        progress.Step(e.State.Step, e.State.Epoch, null);
    }

    /// <summary>Reports the step (1-based) and the loss read at it, if any.</summary>
    public void OnStepEnd(StepEndArgs e) => progress.Step(e.Step + 1, e.Epoch, e.Loss);

    /// <summary>Reports the epoch's loss, last learning rate and throughput.</summary>
    public void OnEpochEnd(EpochEndArgs e)
    {
        var (epoch, epochs, loss) = (e.State.Epoch, plan?.Epochs ?? e.State.Epoch, e.State.EpochLoss);
        var learningRate = plan?.Schedule.At(Math.Max(0, e.State.Step - 1)) ?? double.NaN;
        var (seconds, imagesPerSecond, dataFraction) = e.Throughput ?? new EpochThroughput(double.NaN, double.NaN, double.NaN);
        progress.Status($"epoch {epoch}/{epochs}: loss {loss:F4}, lr {learningRate:G3}, {imagesPerSecond:F0} images/s ({seconds:F1} s, {100 * dataFraction:F0}% of it on data)");
        logger.LogInformation("Epoch {Epoch}/{Epochs}: loss {Loss:F4} in {Seconds:F1} s", epoch, epochs, loss, seconds);
    }

    /// <summary>Stops the reporter.</summary>
    public void OnRunEnd(RunEndArgs e) => progress.Stop();
}
