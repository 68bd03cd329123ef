namespace SimLap.Engine.Training;

/// <summary>Raises each event on every hook, in the order the hooks were given.</summary>
/// <param name="hooks">The hooks, in order.</param>
public sealed class TrainingHooks(IReadOnlyList<ITrainingHook> hooks) : ITrainingHook
{
    /// <summary>The hooks, in the order they are called.</summary>
    public IReadOnlyList<ITrainingHook> All { get; } = hooks;

    /// <inheritdoc />
    public void OnRunStart(RunStartArgs e) => Raise(h => h.OnRunStart(e));

    /// <inheritdoc />
    public void OnEpochStart(EpochStartArgs e) => Raise(h => h.OnEpochStart(e));

    /// <inheritdoc />
    public void OnStepEnd(StepEndArgs e)
    {
        // Per step: a plain loop, no delegate.
        foreach (var hook in All)
        {
            hook.OnStepEnd(e);
        }
    }

    /// <inheritdoc />
    public void OnEpochEnd(EpochEndArgs e) => Raise(h => h.OnEpochEnd(e));

    /// <inheritdoc />
    public void OnEvaluation(EvaluationArgs e) => Raise(h => h.OnEvaluation(e));

    /// <inheritdoc />
    public void OnInterrupt(InterruptArgs e) => Raise(h => h.OnInterrupt(e));

    /// <inheritdoc />
    public void OnRunEnd(RunEndArgs e) => Raise(h => h.OnRunEnd(e));

    private void Raise(Action<ITrainingHook> raise)
    {
        foreach (var hook in All)
        {
            raise(hook);
        }
    }
}
