namespace SimLap.Engine.Training;

/// <summary>
/// Something done at fixed points of training (Lightning's Callback, solo-learn's hooks). The trainer raises the
/// events in this order, calling its hooks in the order they were given for each:
/// <code>
/// OnRunStart
/// for each epoch:
///     OnEpochStart
///     for each step: (train one step) OnStepEnd
///     OnEpochEnd
///     OnEvaluation
/// OnRunEnd
/// </code>
/// <see cref="OnInterrupt"/> is raised instead of the next step when the run is cancelled between steps, or when
/// <see cref="OnEvaluation"/> is cancelled; the trainer then throws <see cref="OperationCanceledException"/> and
/// raises nothing more. Every method does nothing by default.
/// </summary>
public interface ITrainingHook
{
    /// <summary>Training is about to start (or to continue from a checkpoint, as <see cref="RunStartArgs.State"/> says).</summary>
    void OnRunStart(RunStartArgs e)
    {
    }

    /// <summary>An epoch is about to start; <see cref="TrainingState.StepInEpoch"/> is its first step to train.</summary>
    void OnEpochStart(EpochStartArgs e)
    {
    }

    /// <summary>An optimiser step was taken; its values are still on the device, unread.</summary>
    void OnStepEnd(StepEndArgs e)
    {
    }

    /// <summary>The epoch's last step was taken (and its losses read).</summary>
    void OnEpochEnd(EpochEndArgs e)
    {
    }

    /// <summary>After <see cref="OnEpochEnd"/>: evaluate the frozen encoder if due, or act on what was evaluated.</summary>
    void OnEvaluation(EvaluationArgs e)
    {
    }

    /// <summary>The run was cancelled at <see cref="InterruptArgs.State"/>; a resumed run continues from there.</summary>
    void OnInterrupt(InterruptArgs e)
    {
    }

    /// <summary>The last epoch was evaluated: training ends.</summary>
    void OnRunEnd(RunEndArgs e)
    {
    }
}
