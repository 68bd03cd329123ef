using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// Where a training run stands, shared by the loop and its hooks (as Lightning's trainer is): the epoch and step, the
/// epoch's losses read so far and the order of its images. The loop advances it; a checkpoint stores
/// <see cref="Progress"/>, so a resumed run starts from the state it was interrupted in.
/// </summary>
/// <param name="from">The point to start from: <see cref="TrainingProgress.Start"/>, or a checkpoint's.</param>
/// <param name="permutation">The order of the images of the epoch in progress (a checkpoint's, taken over), or null to draw one.</param>
public sealed class TrainingState(TrainingProgress from, Tensor? permutation = null)
{
    /// <summary>The 1-based epoch in progress.</summary>
    public int Epoch { get; private set; } = from.Epoch;

    /// <summary>Steps of the epoch taken; during <see cref="ITrainingHook.OnStepEnd"/>, the 0-based index of the step just taken.</summary>
    public int StepInEpoch { get; private set; } = from.StepInEpoch;

    /// <summary>Optimiser steps taken in all; during <see cref="ITrainingHook.OnStepEnd"/>, the 0-based step just taken.</summary>
    public long Step { get; private set; } = from.Step;

    /// <summary>The sum of the epoch's losses read so far.</summary>
    public double EpochLossSum { get; private set; } = from.EpochLossSum;

    /// <summary>The number of losses in <see cref="EpochLossSum"/>.</summary>
    public long EpochLossCount { get; private set; } = from.EpochLossCount;

    /// <summary>The mean of the epoch's losses read so far.</summary>
    public double EpochLoss => EpochLossSum / Math.Max(1, EpochLossCount);

    /// <summary>The order of the epoch's images (owned here), or null between epochs.</summary>
    public Tensor? Permutation { get; set; } = permutation;

    /// <summary>The state as a checkpoint records it.</summary>
    public TrainingProgress Progress => new(Epoch, StepInEpoch, Step, EpochLossSum, EpochLossCount);

    /// <summary>Adds a loss read to the epoch's (the metric buffer calls it as it reads each step's loss).</summary>
    public void AddLoss(double loss)
    {
        EpochLossSum += loss;
        EpochLossCount++;
    }

    /// <summary>Counts the step just taken (the loop calls it after <see cref="ITrainingHook.OnStepEnd"/>).</summary>
    public void Advance()
    {
        StepInEpoch++;
        Step++;
    }

    /// <summary>Moves to the start of the next epoch: no step taken, no loss read, its images not yet ordered.</summary>
    public void BeginNextEpoch()
    {
        Epoch++;
        StepInEpoch = 0;
        EpochLossSum = 0;
        EpochLossCount = 0;
        Permutation?.Dispose();
        Permutation = null;
    }
}
