namespace SimLap.Engine.Training;

/// <summary>The loss became NaN or infinite.</summary>
public sealed class TrainingDivergedException(long step, IReadOnlyDictionary<string, double> terms)
    : Exception($"the loss is not finite at step {step} ({string.Join(", ", terms.Select(t => $"{t.Key} = {t.Value}"))}); lower the learning rate or check the data.")
{
    /// <summary>The step at which the loss diverged.</summary>
    public long Step { get; } = step;
}
