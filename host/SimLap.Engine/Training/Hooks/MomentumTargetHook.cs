using SimLap.Contracts.Model;

namespace SimLap.Engine.Training;

/// <summary>
/// Moves the momentum target towards the online network after each optimiser step, with the momentum its schedule
/// gives the step (solo-learn's momentum updater), and logs that momentum with the step.
/// </summary>
/// <param name="target">The target network.</param>
/// <param name="totalSteps">Optimiser steps in all (the schedule's length).</param>
public sealed class MomentumTargetHook(MomentumTarget target, long totalSteps) : ITrainingHook
{
    /// <summary>Updates the target with the step's momentum.</summary>
    public void OnStepEnd(StepEndArgs e)
    {
        var momentum = target.Schedule.At(e.Step, totalSteps);
        target.Update(momentum);
        e.Log(MetricNames.Momentum, momentum);
    }
}
