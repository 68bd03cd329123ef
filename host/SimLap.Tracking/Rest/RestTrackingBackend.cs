using System.Net;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking.Rest;

/// <summary>
/// Runs on an MLflow tracking server (an <c>http://</c> or <c>https://</c> tracking URI), through one
/// <see cref="MlflowRestClient"/>. A run that cannot reach the server at its start is still started: it is spooled
/// from the beginning (see <see cref="RestRun"/>), and <c>simlap sync</c> creates it on the server later.
/// Before a run starts, spools of earlier runs for the same server are replayed (best effort).
/// </summary>
public sealed class RestTrackingBackend : IResumableBackend, IServerBackend, IDisposable
{
    private readonly ILogger? logger;

    /// <summary>Creates the backend and its HTTP client.</summary>
    /// <param name="options">The server, credentials and settings.</param>
    /// <param name="logger">Receives warnings; optional.</param>
    public RestTrackingBackend(MlflowRestOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        Client = new MlflowRestClient(options, logger);
        if (options.InsecureTls)
        {
            logger?.LogWarning("{Variable} is set: the TLS certificate of {Server} is not verified.", MlflowRestOptions.InsecureTlsVariable, options.DisplayUri);
        }
    }

    /// <summary>The REST client (one HttpClient for every run of this backend).</summary>
    public MlflowRestClient Client { get; }

    /// <inheritdoc />
    public string Description => Client.Options.DisplayUri;

    /// <summary>Replay the pending spools of this server before starting a run (default true).</summary>
    public bool ReplayPendingSpools { get; init; } = true;

    /// <inheritdoc />
    public IRunTracker StartRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags) =>
        StartRestRun(experimentName, runName, tags);

    /// <summary>
    /// Gets or creates the experiment and creates the run with the system tags <c>mlflow.runName</c>,
    /// <c>mlflow.user</c>, <c>mlflow.source.name</c> and <c>mlflow.source.type</c> plus <paramref name="tags"/>
    /// (which may override the source tags and add <c>mlflow.source.git.commit</c> or <c>mlflow.parentRunId</c>).
    /// </summary>
    /// <exception cref="TrackingAccessException">The server refused the credentials (401/403).</exception>
    /// <exception cref="TrackingStoreException">The server rejected the run (other 4xx), or the spool cannot be created.</exception>
    public RestRun StartRestRun(string? experimentName, string? runName, IReadOnlyDictionary<string, string>? tags = null)
    {
        var options = Client.Options;
        var experiment = string.IsNullOrWhiteSpace(experimentName) ? LocalFileStore.DefaultExperimentName : experimentName;
        var spoolId = Guid.NewGuid().ToString("N");
        if (string.IsNullOrWhiteSpace(runName))
        {
            runName = tags is not null && tags.TryGetValue(LocalFileRun.RunNameTag, out var tagged) && !string.IsNullOrWhiteSpace(tagged) ? tagged : "run-" + spoolId[..8];
        }

        var user = RunSource.UserName();
        var tagList = StartTags(runName, user, tags);
        var header = new SpoolHeader
        {
            SpoolId = spoolId,
            TrackingUri = options.DisplayUri,
            ExperimentName = experiment,
            RunName = runName,
            CreatedAt = LocalFileStore.NowMillis(),
        };
        var startTime = LocalFileStore.NowMillis();
        try
        {
            var experimentId = Client.GetOrCreateExperimentAsync(experiment, default, MlflowRestClient.NewExperimentTags).GetAwaiter().GetResult();
            if (ReplayPendingSpools)
            {
                ReplayPending();
            }

            var run = Client.CreateRunAsync(experimentId, runName, startTime, tagList, user).GetAwaiter().GetResult();
            return RestRun.Online(Client, header, run.Info, this.logger);
        }
        catch (MlflowApiException e) when (e.IsTransient)
        {
            return StartSpooled(e, header, new SpoolRecord { Kind = SpoolRecord.CreateRunKind, StartTime = startTime, Tags = tagList, UserId = user });
        }
        catch (MlflowApiException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new TrackingAccessException($"tracking URI '{options.DisplayUri}': {e.Message}", e);
        }
        catch (MlflowApiException e)
        {
            throw new TrackingStoreException($"Cannot start a run on {options.DisplayUri}: {e.Message}", options.DisplayUri, e);
        }
    }

    /// <summary>
    /// The tags a new run is created with: MLflow's system tags (name, user, source), then <paramref name="tags"/>
    /// (keys sanitised with a warning, values masked and cut to the server's limit; the run name is not overridden).
    /// </summary>
    private List<MlflowKeyValue> StartTags(string runName, string user, IReadOnlyDictionary<string, string>? tags)
    {
        var allTags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LocalFileRun.RunNameTag] = runName,
            ["mlflow.user"] = user,
            ["mlflow.source.name"] = RunSource.SourceName(),
            ["mlflow.source.type"] = "LOCAL",
        };
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            var stored = MlflowKeys.Sanitize(key);
            if (stored != key)
            {
                this.logger?.LogWarning("Tag key '{Key}' is not a valid MLflow key; it is logged as '{Stored}'.", key, stored);
            }

            if (stored == LocalFileRun.RunNameTag)
            {
                continue;
            }

            var clean = Client.Options.Redact(value ?? string.Empty);
            allTags[stored] = clean.Length > MlflowRestClient.MaxTagValueLength ? clean[..MlflowRestClient.MaxTagValueLength] : clean;
        }

        return allTags.Select(t => new MlflowKeyValue(t.Key, t.Value)).ToList();
    }

    /// <summary>A run the unreachable server could not create: started in a new spool whose first record creates it.</summary>
    /// <exception cref="TrackingStoreException">The spool cannot be created either.</exception>
    private RestRun StartSpooled(MlflowApiException unreachable, SpoolHeader header, SpoolRecord createRun)
    {
        var options = Client.Options;
        RunSpool spool;
        try
        {
            spool = RunSpool.Create(options.SpoolDirectory, header);
            spool.Append(createRun);
        }
        catch (Exception io) when (io is IOException or UnauthorizedAccessException)
        {
            throw new TrackingStoreException(
                $"{unreachable.Message}; and the run cannot be spooled to '{options.SpoolDirectory}': {io.Message}", options.SpoolDirectory, io);
        }

        this.logger?.LogWarning(
            "{Error}. The run starts anyway: it is spooled to {Spool}, and 'simlap sync' creates it on the server later.", unreachable.Message, spool.Directory);
        return RestRun.Spooled(Client, spool, this.logger);
    }

    /// <summary>
    /// Reopens run <paramref name="runId"/> on the server (status RUNNING again) to continue logging into it, as
    /// <c>--resume</c> and requeued cluster trials do; null when the server has no such run.
    /// </summary>
    public IRunTracker? ResumeRun(string runId)
    {
        try
        {
            ReplayOwnSpool(runId);
            var existing = Client.GetRunAsync(runId).GetAwaiter().GetResult();
            var info = Client.UpdateRunAsync(runId, "RUNNING").GetAwaiter().GetResult();
            var header = new SpoolHeader
            {
                SpoolId = runId,
                TrackingUri = Client.Options.DisplayUri,
                ExperimentName = existing.Info.ExperimentId,
                RunName = info.RunName ?? existing.Info.RunName ?? runId,
                CreatedAt = LocalFileStore.NowMillis(),
            };
            return RestRun.Online(Client, header, info with { ArtifactUri = info.ArtifactUri ?? existing.Info.ArtifactUri }, this.logger);
        }
        catch (MlflowApiException e) when (e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
        catch (MlflowApiException e)
        {
            throw new TrackingStoreException($"Cannot reopen run {runId} on {Client.Options.DisplayUri}: {e.Message}", Client.Options.DisplayUri, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>MLflow refuses to change a logged param (INVALID_PARAMETER_VALUE), so a deliberate change is kept as a tag.</remarks>
    public bool CanUpdateParams => false;

    /// <inheritdoc />
    public StoredRun? ReadRun(string runId)
    {
        try
        {
            // A deleted run is no run, as in a local store (where a deleted run's folder is not read).
            var run = Client.GetRunAsync(runId).GetAwaiter().GetResult();
            return run.Info.LifecycleStage == "deleted" ? null : ToStoredRun(run, withParams: true);
        }
        catch (MlflowApiException e) when (e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
        catch (MlflowApiException e)
        {
            throw new TrackingStoreException($"Cannot read run {runId} on {Client.Options.DisplayUri}: {e.Message}", Client.Options.DisplayUri, e);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRun> ListRuns(string? experimentName, bool runningOnly)
    {
        try
        {
            List<string> ids;
            if (experimentName is null)
            {
                ids = [];
                string? token = null;
                do
                {
                    var page = Client.SearchExperimentsAsync(pageToken: token).GetAwaiter().GetResult();
                    ids.AddRange(page.Items.Select(e => e.ExperimentId));
                    token = page.Items.Count == 0 ? null : page.NextPageToken;
                }
                while (token is not null);
            }
            else
            {
                ids = Client.GetExperimentByNameAsync(experimentName).GetAwaiter().GetResult() is { } experiment ? [experiment.ExperimentId] : [];
            }

            if (ids.Count == 0)
            {
                return [];
            }

            // runs/search takes at most 100 experiment ids per request.
            return ids.Chunk(100)
                .SelectMany(chunk => Client.SearchAllRunsAsync(chunk, runningOnly ? "attributes.status = 'RUNNING'" : null).GetAwaiter().GetResult())
                .Select(r => ToStoredRun(r, withParams: false))
                .ToList();
        }
        catch (MlflowApiException e)
        {
            throw new TrackingStoreException($"Cannot list the runs on {Client.Options.DisplayUri}: {e.Message}", Client.Options.DisplayUri, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>One <c>runs/search</c> of the experiment for <c>attributes.run_name = '...'</c>, at most one result (active runs only, as MLflow searches by default).</remarks>
    public bool HasRunNamed(string experimentName, string runName)
    {
        ArgumentNullException.ThrowIfNull(runName);
        if (runName.Contains('\'') || runName.Contains('\\'))
        {
            // MLflow's filter grammar has no escape this can rely on.
            return true;
        }

        try
        {
            if (Client.GetExperimentByNameAsync(experimentName).GetAwaiter().GetResult() is not { } experiment)
            {
                return false;
            }

            var page = Client.SearchRunsAsync([experiment.ExperimentId], $"attributes.run_name = '{runName}'", maxResults: 1).GetAwaiter().GetResult();
            return page.Items.Count > 0;
        }
        catch (MlflowApiException e)
        {
            throw new TrackingStoreException($"Cannot search the runs on {Client.Options.DisplayUri}: {e.Message}", Client.Options.DisplayUri, e);
        }
    }

    /// <summary>
    /// Delivers what the run's earlier process spooled and could not deliver (it was killed while offline), before
    /// the resumed run asks the server which steps it has: so nothing is skipped that the server never got.
    /// </summary>
    private void ReplayOwnSpool(string runId)
    {
        var directory = Path.Combine(Client.Options.SpoolDirectory, runId);
        if (!File.Exists(Path.Combine(directory, RunSpool.HeaderFileName)))
        {
            return;
        }

        using var spool = RunSpool.Open(directory);
        if (!spool.IsDone)
        {
            var result = SpoolReplayer.Replay(spool, Client, this.logger, live: true);
            if (result is { Remaining: 0, Busy: false })
            {
                spool.MarkDone(runId);
            }
        }
    }

    /// <summary>Replays pending spools of this server, logging what was delivered; never throws for server problems.</summary>
    public IReadOnlyList<SpoolReplayResult> ReplayPending(CancellationToken cancellation = default)
    {
        try
        {
            var results = SpoolReplayer.ReplayAll(
                Client.Options.SpoolDirectory,
                _ => Client,
                this.logger,
                cancellation,
                header => string.Equals(header.TrackingUri, Client.Options.DisplayUri, StringComparison.OrdinalIgnoreCase));
            foreach (var result in results.Where(r => r.Done))
            {
                this.logger?.LogWarning("Delivered the spooled run '{Run}' ({Records} records) to {Server} as run {RunId}.", result.RunName, result.Delivered, Description, result.RunId);
            }

            return results;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            this.logger?.LogWarning("Could not replay the spools in {Spool}: {Error}", Client.Options.SpoolDirectory, e.Message);
            return [];
        }
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    private static StoredRun ToStoredRun(MlflowRun run, bool withParams)
    {
        static Dictionary<string, string> ToMap(IReadOnlyList<MlflowKeyValue> items)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                map[item.Key] = item.Value;
            }

            return map;
        }

        var status = Enum.GetValues<RunStatus>().FirstOrDefault(s => RestRun.StatusName(s) == run.Info.Status, RunStatus.Failed);
        return new StoredRun(
            run.Info.RunId,
            run.Info.RunName ?? run.Info.RunId,
            run.Info.ExperimentId,
            status,
            run.Info.StartTime,
            run.Info.EndTime,
            withParams ? ToMap(run.Data.Params) : new Dictionary<string, string>(),
            ToMap(run.Data.Tags),
            null);
    }
}
