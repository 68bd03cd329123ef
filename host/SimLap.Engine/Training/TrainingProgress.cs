namespace SimLap.Engine.Training;

/// <summary>Where training stands: the point a checkpoint resumes from.</summary>
/// <param name="Epoch">The 1-based epoch in progress (or about to start).</param>
/// <param name="StepInEpoch">Steps of that epoch already taken.</param>
/// <param name="Step">Optimiser steps taken in all.</param>
/// <param name="EpochLossSum">Sum of the epoch's losses read so far.</param>
/// <param name="EpochLossCount">Number of losses in that sum.</param>
public sealed record TrainingProgress(int Epoch, int StepInEpoch, long Step, double EpochLossSum, long EpochLossCount)
{
    /// <summary>The state before the first step.</summary>
    public static TrainingProgress Start { get; } = new(1, 0, 0, 0, 0);
}
