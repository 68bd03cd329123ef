namespace SimLap.Tracking.Rest;

/// <summary>Run inputs: <c>runs/log-inputs</c>.</summary>
public sealed partial class MlflowRestClient
{
    /// <summary>
    /// Logs data sets as inputs of a run in one request. The server ignores a name and digest the run already has
    /// (also under another context: the first tags stay), and keeps the first source, schema and profile stored for a
    /// name and digest in the experiment. Nothing to log sends nothing.
    /// </summary>
    public async Task LogInputsAsync(string runId, IReadOnlyList<MlflowDatasetInput> datasets, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Count == 0)
        {
            return;
        }

        await PostAsync("runs/log-inputs", [("run_id", runId), ("datasets", datasets)], cancellation).ConfigureAwait(false);
    }
}
