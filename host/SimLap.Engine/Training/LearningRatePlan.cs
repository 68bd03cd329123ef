using SimLap.Engine.Experiments;

namespace SimLap.Engine.Training;

/// <summary>The learning rate at each step: linear warm-up, then cosine decay, constant, or steps at milestones.</summary>
public sealed class LearningRatePlan(TrainOptions options, long stepsPerEpoch)
{
    private readonly long totalSteps = options.Epochs * stepsPerEpoch;
    private readonly long warmupSteps = (long)Math.Round(options.WarmupEpochs * stepsPerEpoch);

    /// <summary>The base rate after batch-size scaling.</summary>
    public double BaseRate => options.Optimizer.LrScale == LearningRateScaling.Linear
        ? options.Optimizer.Lr * options.BatchSize / 256.0
        : options.Optimizer.Lr;

    /// <summary>The learning rate for 0-based <paramref name="step"/>.</summary>
    public double At(long step)
    {
        var baseLr = BaseRate;
        if (step < warmupSteps)
        {
            return baseLr * (step + 1) / warmupSteps;
        }

        switch (options.Schedule)
        {
            case LearningRateSchedule.Constant:
                return baseLr;
            case LearningRateSchedule.Step:
                var epoch = step / Math.Max(1, stepsPerEpoch);
                return baseLr * Math.Pow(options.StepGamma, options.Milestones.Count(m => epoch >= m));
            default:
                if (totalSteps <= warmupSteps)
                {
                    return baseLr;
                }

                var progress = (double)(step - warmupSteps) / (totalSteps - warmupSteps);
                var floor = baseLr * options.MinLrRatio;
                return floor + ((baseLr - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
        }
    }
}
