using SimLap.Engine.Experiments;

namespace SimLap.Engine.Training;

/// <summary>The learning rate at each step: linear warm-up, then cosine decay (or constant).</summary>
public sealed class LearningRatePlan(TrainOptions options, long stepsPerEpoch)
{
    private readonly long totalSteps = options.Epochs * stepsPerEpoch;
    private readonly long warmupSteps = (long)Math.Round(options.WarmupEpochs * stepsPerEpoch);

    /// <summary>The learning rate for 0-based <paramref name="step"/>.</summary>
    public double At(long step)
    {
        var baseLr = options.Optimizer.Lr;
        if (step < warmupSteps)
        {
            return baseLr * (step + 1) / warmupSteps;
        }

        if (options.Schedule == LearningRateSchedule.Constant || totalSteps <= warmupSteps)
        {
            return baseLr;
        }

        var progress = (double)(step - warmupSteps) / (totalSteps - warmupSteps);
        var floor = baseLr * options.MinLrRatio;
        return floor + ((baseLr - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
