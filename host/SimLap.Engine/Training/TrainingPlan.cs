namespace SimLap.Engine.Training;

/// <summary>The shape of a training run, fixed before its first step (see <see cref="TrainingPlanCheck"/>).</summary>
/// <param name="Epochs">Epochs in all (<c>train.epochs</c>).</param>
/// <param name="BatchSize">Images per batch (<c>train.batch_size</c>).</param>
/// <param name="StepsPerEpoch">Optimiser steps per epoch.</param>
/// <param name="Schedule">The learning rate at each step.</param>
public sealed record TrainingPlan(int Epochs, int BatchSize, int StepsPerEpoch, LearningRatePlan Schedule)
{
    /// <summary>Optimiser steps in all.</summary>
    public long TotalSteps => Epochs * (long)StepsPerEpoch;
}
