namespace SimLap.Tracking;

/// <summary>
/// A run that records the data sets it used as MLflow run inputs (every <see cref="QueuedRun"/> does). Logging the same
/// name and digest again is ignored, as MLflow does: the first context stays.
/// </summary>
public interface IRunInputs
{
    /// <summary>Queues <paramref name="inputs"/>; one without a name or digest, or with a digest too long for MLflow, is skipped with a warning.</summary>
    void LogInputs(IReadOnlyList<DatasetInput> inputs);
}
