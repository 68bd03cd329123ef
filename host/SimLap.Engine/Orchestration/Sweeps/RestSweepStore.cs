using System.Net;
using SimLap.Engine.Compare;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary><see cref="ISweepStore"/> over an MLflow tracking server (runs/create, runs/get, runs/search, log-batch, runs/update).</summary>
/// <param name="client">The server's client (not disposed by this store).</param>
public sealed class RestSweepStore(MlflowRestClient client) : ISweepStore
{
    /// <inheritdoc />
    public string Description => client.Options.DisplayUri;

    /// <inheritdoc />
    public string CreateRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags)
    {
        var experimentId = client.GetOrCreateExperimentAsync(string.IsNullOrWhiteSpace(experimentName) ? LocalFileStore.DefaultExperimentName : experimentName, default, MlflowRestClient.NewExperimentTags).GetAwaiter().GetResult();
        var all = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [LocalFileRun.RunNameTag] = runName, ["mlflow.user"] = User() };
        var run = client.CreateRunAsync(
            experimentId,
            runName,
            LocalFileStore.NowMillis(),
            all.Select(t => new MlflowKeyValue(t.Key, client.Options.Redact(t.Value))).ToList(),
            User()).GetAwaiter().GetResult();
        return run.Info.RunId;
    }

    /// <inheritdoc />
    public RunRecord? FindRun(string runId)
    {
        try
        {
            return ToRecord(client.GetRunAsync(runId).GetAwaiter().GetResult());
        }
        catch (MlflowApiException e) when (e.StatusCode is HttpStatusCode.NotFound || e.ErrorCode is "RESOURCE_DOES_NOT_EXIST" or "INVALID_PARAMETER_VALUE")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> Children(string parentRunId)
    {
        var parent = client.GetRunAsync(parentRunId).GetAwaiter().GetResult();
        var filter = $"tags.`{SweepTags.ParentRunId}` = '{parentRunId.Replace("'", "", StringComparison.Ordinal)}'";
        return client.SearchAllRunsAsync([parent.Info.ExperimentId], filter).GetAwaiter().GetResult().Select(ToRecord).ToList();
    }

    /// <inheritdoc />
    public void SetTags(string runId, IReadOnlyDictionary<string, string> tags) =>
        client.LogBatchAsync(runId, null, null, tags.Select(t => new MlflowKeyValue(t.Key, client.Options.Redact(t.Value))).ToList()).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void EndRun(string runId, RunStatus status) =>
        client.UpdateRunAsync(runId, RestRun.StatusName(status), LocalFileStore.NowMillis()).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <remarks>MLflow answers a param logged again with another value with INVALID_PARAMETER_VALUE (and the same value with 200).</remarks>
    public string Claim(string runId, string key, string value)
    {
        try
        {
            client.LogBatchAsync(runId, null, [new MlflowKeyValue(key, value)], null).GetAwaiter().GetResult();
            return value;
        }
        catch (MlflowApiException e) when (e.ErrorCode is "INVALID_PARAMETER_VALUE")
        {
            var run = client.GetRunAsync(runId).GetAwaiter().GetResult();
            return run.Data.Params.LastOrDefault(p => p.Key == key)?.Value
                ?? throw new TrackingStoreException($"The server refused the claim '{key}' of run {runId} but the run has no such param: {e.Message}", client.Options.DisplayUri, e);
        }
    }

    private static RunRecord ToRecord(MlflowRun run) => new(
        run.Info.RunId,
        run.Info.RunName ?? run.Info.RunId,
        run.Info.Status,
        run.Info.StartTime,
        run.Data.Params.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
        run.Data.Metrics.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Step).ThenBy(m => m.Timestamp).Last().Value, StringComparer.Ordinal),
        run.Data.Tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));

    private static string User()
    {
        try
        {
            return string.IsNullOrEmpty(Environment.UserName) ? "unknown" : Environment.UserName;
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }
}
