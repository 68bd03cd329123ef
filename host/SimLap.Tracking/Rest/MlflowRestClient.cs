using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking.Rest;

/// <summary>
/// A typed client of MLflow's REST API (MLflow 3): experiments, runs, log-batch, metric history, search with paging
/// and artifacts through the <c>mlflow-artifacts</c> proxy. One <see cref="HttpClient"/> per client. Transient
/// failures (no answer, 429, 5xx) are retried with exponential back-off and jitter; other errors are thrown at once
/// as <see cref="MlflowApiException"/> with the HTTP status and MLflow's <c>error_code</c>. An empty answer
/// (<c>{}</c>) is an empty list. Credentials go only into the Authorization header, never into messages.
/// </summary>
public sealed partial class MlflowRestClient : IDisposable
{
    /// <summary>The server's limit on metrics per log-batch request.</summary>
    public const int MaxMetricsPerBatch = 1000;

    /// <summary>The server's limit on params per log-batch request.</summary>
    public const int MaxParamsPerBatch = 100;

    /// <summary>The server's limit on tags per log-batch request.</summary>
    public const int MaxTagsPerBatch = 100;

    /// <summary>The server's limit on metrics, params and tags together per log-batch request.</summary>
    public const int MaxEntitiesPerBatch = 1000;

    /// <summary>Longer param values are silently truncated by the server.</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>Longer tag values are silently truncated by the server.</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>The page size of get-history (the server accepts at least 25000).</summary>
    public const int HistoryPageSize = 25_000;

    /// <summary>The page size of runs/search and experiments/search.</summary>
    public const int SearchPageSize = 1_000;

    private const string Api = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";
    private const string ArtifactScheme = "mlflow-artifacts:";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient http;
    private readonly ILogger? logger;

    /// <summary>Creates the client and its one <see cref="HttpClient"/>.</summary>
    /// <param name="options">Server, credentials, TLS, time-out and retries.</param>
    /// <param name="logger">Receives retry warnings; optional.</param>
    public MlflowRestClient(MlflowRestOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        this.logger = logger;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        if (options.InsecureTls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        http = new HttpClient(handler, disposeHandler: true) { BaseAddress = options.BaseUri, Timeout = options.RequestTimeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("simlap-mlflow-client/1.0");
        if (options.Authorization() is { } auth)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(auth.Scheme, auth.Parameter);
        }
    }

    /// <summary>The options the client was created with.</summary>
    public MlflowRestOptions Options { get; }

    /// <summary>The experiment named <paramref name="name"/>, or null when there is none.</summary>
    public async Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellation = default)
    {
        try
        {
            var root = await GetAsync("experiments/get-by-name", [("experiment_name", name)], cancellation).ConfigureAwait(false);
            return Read<MlflowExperiment>(root, "experiment");
        }
        catch (MlflowApiException e) when (e.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    /// <summary>The experiment with id <paramref name="experimentId"/> (404 RESOURCE_DOES_NOT_EXIST when unknown).</summary>
    public async Task<MlflowExperiment> GetExperimentAsync(string experimentId, CancellationToken cancellation = default)
    {
        var root = await GetAsync("experiments/get", [("experiment_id", experimentId)], cancellation).ConfigureAwait(false);
        return Read<MlflowExperiment>(root, "experiment") ?? throw Malformed("GET", "experiments/get", "experiment");
    }

    /// <summary>
    /// The tags of an experiment the framework creates: <see cref="MlflowKeys.ExperimentKindTag"/> =
    /// <see cref="MlflowKeys.ModelTrainingKind"/>, so MLflow 3 opens it in its "Model training" view, not the GenAI one.
    /// </summary>
    public static IReadOnlyList<MlflowKeyValue> NewExperimentTags { get; } = [new(MlflowKeys.ExperimentKindTag, MlflowKeys.ModelTrainingKind)];

    /// <summary>Creates an experiment and returns its id (400 RESOURCE_ALREADY_EXISTS when the name is taken).</summary>
    public async Task<string> CreateExperimentAsync(string name, IReadOnlyList<MlflowKeyValue>? tags = null, CancellationToken cancellation = default)
    {
        var root = await PostAsync("experiments/create", [("name", name), ("tags", NullIfEmpty(tags))], cancellation).ConfigureAwait(false);
        return Read<string>(root, "experiment_id") ?? throw Malformed("POST", "experiments/create", "experiment_id");
    }

    /// <summary>
    /// The id of the experiment named <paramref name="name"/>, creating it if needed. When another client creates it
    /// at the same time (RESOURCE_ALREADY_EXISTS), the experiment is read again. An experiment it creates gets
    /// <paramref name="tags"/>; an existing one keeps its own.
    /// </summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellation = default, IReadOnlyList<MlflowKeyValue>? tags = null)
    {
        var existing = await GetExperimentByNameAsync(name, cancellation).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.ExperimentId;
        }

        try
        {
            return await CreateExperimentAsync(name, tags, cancellation).ConfigureAwait(false);
        }
        catch (MlflowApiException e) when (e.ErrorCode is "RESOURCE_ALREADY_EXISTS")
        {
            var raced = await GetExperimentByNameAsync(name, cancellation).ConfigureAwait(false);
            if (raced is not null)
            {
                return raced.ExperimentId;
            }

            throw;
        }
    }

    /// <summary>One page of experiments/search.</summary>
    public async Task<MlflowPage<MlflowExperiment>> SearchExperimentsAsync(
        string? filter = null, int maxResults = SearchPageSize, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellation = default)
    {
        var root = await PostAsync(
            "experiments/search",
            [("max_results", maxResults), ("filter", filter), ("order_by", NullIfEmpty(orderBy)), ("page_token", pageToken)],
            cancellation).ConfigureAwait(false);
        return new MlflowPage<MlflowExperiment>(Read<List<MlflowExperiment>>(root, "experiments") ?? [], Read<string>(root, "next_page_token"));
    }

    /// <summary>Starts a run (status RUNNING). The server adds the tag <c>mlflow.runName</c>.</summary>
    public async Task<MlflowRun> CreateRunAsync(
        string experimentId, string? runName, long startTime, IReadOnlyList<MlflowKeyValue>? tags = null, string? userId = null, CancellationToken cancellation = default)
    {
        var root = await PostAsync(
            "runs/create",
            [("experiment_id", experimentId), ("run_name", runName), ("start_time", startTime), ("tags", NullIfEmpty(tags)), ("user_id", userId)],
            cancellation).ConfigureAwait(false);
        return Read<MlflowRun>(root, "run") ?? throw Malformed("POST", "runs/create", "run");
    }

    /// <summary>Sets a run's status, end time and/or name; returns its info.</summary>
    public async Task<MlflowRunInfo> UpdateRunAsync(
        string runId, string? status = null, long? endTime = null, string? runName = null, CancellationToken cancellation = default)
    {
        var root = await PostAsync(
            "runs/update", [("run_id", runId), ("status", status), ("end_time", endTime), ("run_name", runName)], cancellation).ConfigureAwait(false);
        return Read<MlflowRunInfo>(root, "run_info") ?? throw Malformed("POST", "runs/update", "run_info");
    }

    /// <summary>A run with its latest metrics, params and tags (404 RESOURCE_DOES_NOT_EXIST when unknown).</summary>
    public async Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellation = default)
    {
        var root = await GetAsync("runs/get", [("run_id", runId)], cancellation).ConfigureAwait(false);
        return Read<MlflowRun>(root, "run") ?? throw Malformed("GET", "runs/get", "run");
    }

    /// <summary>One page of runs/search. Without experiment ids the server answers nothing.</summary>
    public async Task<MlflowPage<MlflowRun>> SearchRunsAsync(
        IReadOnlyList<string> experimentIds,
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        int? maxResults = null,
        string? pageToken = null,
        string? runViewType = null,
        CancellationToken cancellation = default)
    {
        var root = await PostAsync(
            "runs/search",
            [
                ("experiment_ids", experimentIds), ("filter", string.IsNullOrWhiteSpace(filter) ? null : filter), ("order_by", NullIfEmpty(orderBy)),
                ("max_results", maxResults), ("page_token", pageToken), ("run_view_type", runViewType),
            ],
            cancellation).ConfigureAwait(false);
        return new MlflowPage<MlflowRun>(Read<List<MlflowRun>>(root, "runs") ?? [], Read<string>(root, "next_page_token"));
    }

    /// <summary>Every run runs/search finds, following the page tokens.</summary>
    public async Task<IReadOnlyList<MlflowRun>> SearchAllRunsAsync(
        IReadOnlyList<string> experimentIds,
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        string? runViewType = null,
        int pageSize = SearchPageSize,
        CancellationToken cancellation = default)
    {
        var runs = new List<MlflowRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await SearchRunsAsync(experimentIds, filter, orderBy, pageSize, token, runViewType, cancellation).ConfigureAwait(false);
            runs.AddRange(page.Items);
            token = page.NextPageToken;
            if (token is not null && (page.Items.Count == 0 || !seen.Add(token)))
            {
                break;
            }
        }
        while (token is not null);
        return runs;
    }

    /// <summary>
    /// Logs metrics, params and tags, split into as many log-batch requests as the server's limits need (1000
    /// metrics, 100 params, 100 tags, 1000 entities per request), sent in order. Nothing to log sends nothing.
    /// </summary>
    public async Task LogBatchAsync(
        string runId,
        IReadOnlyList<MlflowMetric>? metrics,
        IReadOnlyList<MlflowKeyValue>? parameters,
        IReadOnlyList<MlflowKeyValue>? tags,
        CancellationToken cancellation = default)
    {
        foreach (var (m, p, t) in SplitBatch(metrics ?? [], parameters ?? [], tags ?? []))
        {
            await PostAsync(
                "runs/log-batch",
                [("run_id", runId), ("metrics", NullIfEmpty(m)), ("params", NullIfEmpty(p)), ("tags", NullIfEmpty(t))],
                cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Splits a batch into chunks within the server's log-batch limits, keeping the order of each kind.</summary>
    public static IEnumerable<(IReadOnlyList<MlflowMetric> Metrics, IReadOnlyList<MlflowKeyValue> Params, IReadOnlyList<MlflowKeyValue> Tags)> SplitBatch(
        IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowKeyValue> parameters, IReadOnlyList<MlflowKeyValue> tags)
    {
        int mi = 0, pi = 0, ti = 0;
        while (mi < metrics.Count || pi < parameters.Count || ti < tags.Count)
        {
            var p = Math.Min(MaxParamsPerBatch, parameters.Count - pi);
            var t = Math.Min(MaxTagsPerBatch, tags.Count - ti);
            var m = Math.Min(Math.Min(MaxMetricsPerBatch, MaxEntitiesPerBatch - p - t), metrics.Count - mi);
            yield return (Slice(metrics, mi, m), Slice(parameters, pi, p), Slice(tags, ti, t));
            mi += m;
            pi += p;
            ti += t;
        }
    }

    /// <summary>
    /// Every point of a metric, in logging order. Always sends <c>max_results</c> (without it the server returns no
    /// points and a token that loops forever) and follows the page tokens. An unknown run or key gives no points.
    /// </summary>
    public async Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(
        string runId, string metricKey, int pageSize = HistoryPageSize, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var points = new List<MlflowMetric>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var root = await GetAsync(
                "metrics/get-history",
                [("run_id", runId), ("metric_key", metricKey), ("max_results", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page_token", token)],
                cancellation).ConfigureAwait(false);
            var page = Read<List<MlflowMetric>>(root, "metrics") ?? [];
            points.AddRange(page);
            token = Read<string>(root, "next_page_token");
            if (token is not null && (page.Count == 0 || !seen.Add(token)))
            {
                // The server's "no points, token for offset 0" answer: following it would loop forever.
                break;
            }
        }
        while (token is not null);
        return points;
    }

    /// <summary>
    /// The proxy path of a run's artifact root (<c>mlflow-artifacts:/26/&lt;run&gt;/artifacts</c> →
    /// <c>26/&lt;run&gt;/artifacts</c>).
    /// </summary>
    /// <exception cref="NotSupportedException">The server stores artifacts elsewhere (no artifact proxy).</exception>
    public static string ArtifactProxyPath(string? artifactUri)
    {
        if (artifactUri is null || !artifactUri.StartsWith(ArtifactScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"the run's artifact location is '{artifactUri}', not an mlflow-artifacts: URI: the tracking server does not proxy artifacts, "
                + "so simlap cannot upload them through it. Start the server with artifact serving (mlflow server --serve-artifacts, the default since MLflow 2) "
                + "or log to a local store.");
        }

        var rest = artifactUri[ArtifactScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            // mlflow-artifacts://host:port/path: the authority is the proxy server itself.
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return rest.Trim('/');
    }

    /// <summary>Uploads a file's bytes to <c>&lt;artifact root&gt;/&lt;relativePath&gt;</c> with PUT through the proxy.</summary>
    public async Task UploadArtifactAsync(string artifactUri, string relativePath, string localFile, CancellationToken cancellation = default)
    {
        var path = ArtifactUrl(artifactUri, relativePath);
        var contentType = GuessContentType(relativePath);
        await SendAsync(
            "PUT",
            path,
            () =>
            {
                var content = new StreamContent(new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous));
                content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                return new HttpRequestMessage(HttpMethod.Put, path) { Content = content };
            },
            cancellation).ConfigureAwait(false);
    }

    /// <summary>Uploads bytes to <c>&lt;artifact root&gt;/&lt;relativePath&gt;</c>.</summary>
    public async Task UploadArtifactAsync(string artifactUri, string relativePath, byte[] content, string? contentType = null, CancellationToken cancellation = default)
    {
        var path = ArtifactUrl(artifactUri, relativePath);
        var type = contentType ?? GuessContentType(relativePath);
        await SendAsync(
            "PUT",
            path,
            () =>
            {
                var body = new ByteArrayContent(content);
                body.Headers.ContentType = new MediaTypeHeaderValue(type);
                return new HttpRequestMessage(HttpMethod.Put, path) { Content = body };
            },
            cancellation).ConfigureAwait(false);
    }

    /// <summary>Uploads every file under <paramref name="localDirectory"/> (recursively) below <paramref name="artifactPath"/>.</summary>
    public async Task<int> UploadDirectoryAsync(string artifactUri, string localDirectory, string artifactPath = "", CancellationToken cancellation = default)
    {
        var root = Path.GetFullPath(localDirectory);
        var folder = MlflowKeys.SanitizeArtifactPath(artifactPath);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            await UploadArtifactAsync(artifactUri, folder.Length == 0 ? relative : folder + "/" + relative, file, cancellation).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>Lists a folder of the run's artifacts (names relative to it); a missing folder is empty.</summary>
    public async Task<IReadOnlyList<MlflowFileInfo>> ListArtifactsAsync(string artifactUri, string relativePath = "", CancellationToken cancellation = default)
    {
        var root = ArtifactProxyPath(artifactUri);
        var folder = MlflowKeys.SanitizeArtifactPath(relativePath);
        var path = WithQuery(ArtifactsApi, [("path", folder.Length == 0 ? root : root + "/" + folder)]);
        var body = await SendAsync("GET", path, () => new HttpRequestMessage(HttpMethod.Get, path), cancellation).ConfigureAwait(false);
        return Read<List<MlflowFileInfo>>(ParseJson(body, "GET", ArtifactsApi), "files") ?? [];
    }

    /// <summary>Downloads one artifact's bytes (404 RESOURCE_DOES_NOT_EXIST when missing).</summary>
    public async Task<byte[]> DownloadArtifactAsync(string artifactUri, string relativePath, CancellationToken cancellation = default)
    {
        var path = ArtifactUrl(artifactUri, relativePath);
        var body = await SendAsync("GET", path, () => new HttpRequestMessage(HttpMethod.Get, path), cancellation).ConfigureAwait(false);
        return body;
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private static string ArtifactUrl(string artifactUri, string relativePath)
    {
        var root = ArtifactProxyPath(artifactUri);
        var file = MlflowKeys.SanitizeArtifactPath(relativePath);
        if (file.Length == 0)
        {
            throw new ArgumentException("An artifact needs a file name.", nameof(relativePath));
        }

        var segments = (root + "/" + file).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
        return ArtifactsApi + "/" + string.Join('/', segments);
    }

    private static string GuessContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" or ".log" or ".yaml" or ".yml" or ".csv" or ".md" => "text/plain",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private static IReadOnlyList<T> Slice<T>(IReadOnlyList<T> items, int start, int count)
    {
        if (count <= 0)
        {
            return [];
        }

        var slice = new T[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = items[start + i];
        }

        return slice;
    }

    private static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T>? items) => items is null || items.Count == 0 ? null : items;

    private static T? Read<T>(JsonNode? root, string property) =>
        root is JsonObject obj && obj.TryGetPropertyValue(property, out var value) && value is not null
            ? value.Deserialize<T>(MlflowJson.Options)
            : default;

    private static string WithQuery(string path, IReadOnlyList<(string Name, string? Value)> query)
    {
        var parts = query.Where(q => q.Value is not null).Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value!)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    private MlflowApiException Malformed(string method, string endpoint, string field) =>
        new($"MLflow {method} /{Api}{endpoint}: the answer has no '{field}' (is {Options.DisplayUri} an MLflow tracking server?)", method, "/" + Api + endpoint, HttpStatusCode.OK, null, null);

    private async Task<JsonNode?> GetAsync(string endpoint, IReadOnlyList<(string Name, string? Value)> query, CancellationToken cancellation)
    {
        var path = WithQuery(Api + endpoint, query);
        var body = await SendAsync("GET", path, () => new HttpRequestMessage(HttpMethod.Get, path), cancellation).ConfigureAwait(false);
        return ParseJson(body, "GET", Api + endpoint);
    }

    private async Task<JsonNode?> PostAsync(string endpoint, IReadOnlyList<(string Name, object? Value)> fields, CancellationToken cancellation)
    {
        var json = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                json[name] = value;
            }
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(json, MlflowJson.Options);
        var path = Api + endpoint;
        var body = await SendAsync(
            "POST",
            path,
            () =>
            {
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = JsonContentType;
                return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            },
            cancellation).ConfigureAwait(false);
        return ParseJson(body, "POST", path);
    }

    private JsonNode? ParseJson(byte[] body, string method, string path)
    {
        if (body.Length == 0)
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new MlflowApiException(
                $"MLflow {method} /{path}: the answer is not JSON (is {Options.DisplayUri} an MLflow tracking server?)", method, "/" + path, HttpStatusCode.OK, null, null, e);
        }
    }

    /// <summary>Sends a request (re-created per attempt), retrying transient failures; returns the body of a 2xx answer.</summary>
    private async Task<byte[]> SendAsync(
        string method, string pathAndQuery, Func<HttpRequestMessage> createRequest, CancellationToken cancellation)
    {
        var path = "/" + pathAndQuery.Split('?', 2)[0];
        for (var attempt = 1; ; attempt++)
        {
            MlflowApiException failure;
            TimeSpan? retryAfter = null;
            // Once the process is stopping, this attempt gets TrackingShutdown.Grace and no retry follows.
            using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var onShutdown = TrackingShutdown.Token.Register(() => attemptCancellation.CancelAfter(TrackingShutdown.Grace));
            try
            {
                using var request = createRequest();

                // Every request on a connection of its own: .NET resends a request by itself when a reused connection
                // drops before the answer, and a log-batch the server had already stored would then be stored twice.
                request.Headers.ConnectionClose = true;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptCancellation.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(attemptCancellation.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                failure = Error(method, path, response, body);
                retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
            {
                var what = e is not OperationCanceledException ? Options.Redact(e.Message)
                    : TrackingShutdown.IsRequested ? "no answer while simlap was stopping"
                    : $"no answer within {Options.RequestTimeout.TotalSeconds:0} s";
                failure = new MlflowApiException(
                    $"MLflow {method} {path}: cannot reach the tracking server at {Options.DisplayUri}: {what}", method, path, null, null, null, e);
            }

            if (!failure.IsTransient || attempt >= Options.Retry.MaxAttempts || TrackingShutdown.IsRequested)
            {
                throw failure;
            }

            var delay = Options.Retry.Delay(attempt, retryAfter);
            this.logger?.LogWarning(
                "{Failure}; retrying in {Delay} ms (attempt {Attempt} of {MaxAttempts})", failure.Message, (long)delay.TotalMilliseconds, attempt + 1, Options.Retry.MaxAttempts);
            using var backOff = CancellationTokenSource.CreateLinkedTokenSource(cancellation, TrackingShutdown.Token);
            try
            {
                await Task.Delay(delay, backOff.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Stopping: give up now (the caller spools) rather than wait out the back-off.
                throw failure;
            }
        }
    }

    private MlflowApiException Error(string method, string path, HttpResponseMessage response, byte[] body)
    {
        var status = response.StatusCode;
        string? errorCode = null;
        string? serverMessage = null;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (JsonNode.Parse(body) is JsonObject error)
                {
                    errorCode = error["error_code"] is JsonValue code && code.TryGetValue<string>(out var c) ? c : null;
                    serverMessage = error["message"] is JsonValue message && message.TryGetValue<string>(out var m) ? m : null;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: described below from the status.
            }
        }

        var prefix = $"MLflow {method} {path} failed: HTTP {(int)status}";
        string text;
        if (errorCode is not null)
        {
            text = $"{prefix} {errorCode}: {serverMessage}";
        }
        else if (status == HttpStatusCode.NotFound)
        {
            text = $"{prefix} Not Found (an HTML page, not an MLflow error): the server has no such endpoint. Is {Options.DisplayUri} an MLflow tracking server (MLflow 2 or later) at the right base path?";
        }
        else if (status == HttpStatusCode.MethodNotAllowed)
        {
            var allow = response.Content.Headers.Allow.Count > 0 ? string.Join(", ", response.Content.Headers.Allow) : "not given";
            text = $"{prefix} Method Not Allowed (allowed: {allow}): the server's API differs from MLflow 3's.";
        }
        else
        {
            var snippet = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ").Trim();
            text = $"{prefix} {response.ReasonPhrase}{(snippet.Length > 0 ? ": " + snippet : string.Empty)}";
        }

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            text += $" Check the credentials ({MlflowRestOptions.TokenVariable}, or {MlflowRestOptions.UsernameVariable} and {MlflowRestOptions.PasswordVariable}).";
        }

        return new MlflowApiException(Options.Redact(text), method, path, status, errorCode, Options.Redact(serverMessage));
    }
}
