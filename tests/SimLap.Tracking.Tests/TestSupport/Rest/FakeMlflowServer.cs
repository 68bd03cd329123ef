using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>
/// A small stateful MLflow server on 127.0.0.1 for fault tests: experiments, runs, log-batch, update, search by the
/// spool tag, artifact PUT. It keeps every metric point it acknowledged (to check exactly-once delivery), can answer
/// chosen requests with an error (<see cref="Fault"/>), and can go away (<see cref="Stop"/>: connection refused) and
/// come back on the same port (<see cref="Start"/>).
/// </summary>
internal sealed partial class FakeMlflowServer : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, string> experiments = new(StringComparer.Ordinal);
    private HttpListener? listener;
    private Task? loop;

    public FakeMlflowServer(bool start = true)
    {
        Port = FreePort.Next();
        if (start)
        {
            Start();
        }
    }

    public int Port { get; }

    public string Uri => $"http://127.0.0.1:{Port}";

    /// <summary>Answers a request with this status (and a JSON error) instead of handling it, when it returns one.</summary>
    public Func<string, string, int?>? Fault { get; set; }

    /// <summary>Faulted requests are answered with an HTML page (not JSON) instead of an MLflow error.</summary>
    public bool Garbage { get; set; }

    /// <summary>Requests it returns true for are read and never answered (until <see cref="Stop"/>): a hanging server.</summary>
    public Func<string, string, bool>? Hang { get; set; }

    /// <summary>How long each answer waits after the request was handled: a slow server.</summary>
    public TimeSpan AnswerDelay { get; set; }

    private List<HttpListenerContext> Hanging { get; } = [];

    public List<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = [];

    /// <summary>Every acknowledged metric point: (run id, key, step, value, timestamp).</summary>
    public List<(string RunId, string Key, long Step, double Value, long Timestamp)> Points { get; } = [];

    public Dictionary<string, FakeRun> Runs { get; } = new(StringComparer.Ordinal);

    public void Start()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        this.listener = listener;
        loop = Task.Run(() => LoopAsync(listener));
    }

    public void Stop()
    {
        var listener = this.listener;
        this.listener = null;
        if (listener is null)
        {
            return;
        }

        listener.Stop();
        listener.Close();
        loop?.Wait(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => Stop();

    public int Count(string pathSuffix)
    {
        lock (gate)
        {
            return Requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));
        }
    }

    private async Task LoopAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = reader.ReadToEnd();
        }

        var path = request.Url!.AbsolutePath;
        lock (gate)
        {
            Requests.Add((request.HttpMethod, path, request.Headers["Authorization"], body));
        }

        if (Hang?.Invoke(request.HttpMethod, path) == true)
        {
            lock (gate)
            {
                Hanging.Add(context);
            }

            return;
        }

        if (Fault?.Invoke(request.HttpMethod, path) is { } status)
        {
            if (Garbage)
            {
                var bytes = Encoding.UTF8.GetBytes("<html>proxy error</html>");
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/html";
                context.Response.OutputStream.Write(bytes);
                context.Response.Close();
                return;
            }

            Json(context, status, new JsonObject { ["error_code"] = status >= 500 ? "TEMPORARILY_UNAVAILABLE" : "INVALID_PARAMETER_VALUE", ["message"] = $"injected fault (the request said: {request.Headers["Authorization"]})" });
            return;
        }

        var json = body.Length > 0 && request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true ? JsonNode.Parse(body)?.AsObject() : null;
        lock (gate)
        {
            Route(context, request.HttpMethod, path, request.QueryString, json);
        }
    }

    private void Route(HttpListenerContext context, string method, string path, System.Collections.Specialized.NameValueCollection query, JsonObject? json)
    {
        const string api = "/api/2.0/mlflow/";
        if (RouteModels(context, method, path, json))
        {
            return;
        }

        switch (method, path)
        {
            case ("GET", api + "experiments/get-by-name"):
                var name = query["experiment_name"] ?? string.Empty;
                if (this.experiments.TryGetValue(name, out var id))
                {
                    Json(context, 200, new JsonObject { ["experiment"] = new JsonObject { ["experiment_id"] = id, ["name"] = name, ["lifecycle_stage"] = "active" } });
                }
                else
                {
                    Json(context, 404, new JsonObject { ["error_code"] = "RESOURCE_DOES_NOT_EXIST", ["message"] = $"Could not find experiment with name '{name}'" });
                }

                return;
            case ("POST", api + "experiments/create"):
                var newName = (string)json!["name"]!;
                if (this.experiments.ContainsKey(newName))
                {
                    Json(context, 400, new JsonObject { ["error_code"] = "RESOURCE_ALREADY_EXISTS", ["message"] = "exists" });
                    return;
                }

                this.experiments[newName] = (this.experiments.Count + 1).ToString(CultureInfo.InvariantCulture);
                Json(context, 200, new JsonObject { ["experiment_id"] = this.experiments[newName] });
                return;
            case ("POST", api + "runs/create"):
                var run = new FakeRun(Guid.NewGuid().ToString("N"), (string)json!["experiment_id"]!, (string?)json["run_name"] ?? "generated");
                foreach (var tag in json["tags"]?.AsArray() ?? [])
                {
                    run.Tags[(string)tag!["key"]!] = (string)tag["value"]!;
                }

                run.Tags["mlflow.runName"] = run.Name;
                Runs[run.RunId] = run;
                Json(context, 200, new JsonObject { ["run"] = RunJson(run) });
                return;
            case ("POST", api + "runs/search"):
                var filter = (string?)json!["filter"] ?? string.Empty;
                var match = TagFilter().Match(filter);
                var status = StatusFilter().Match(filter);
                var named = RunNameFilter().Match(filter);
                var experimentIds = json["experiment_ids"]?.AsArray().Select(e => (string)e!).ToHashSet() ?? [];
                var found = Runs.Values.Where(r => match.Success
                    ? r.Tags.GetValueOrDefault(match.Groups[1].Value) == match.Groups[2].Value
                    : experimentIds.Contains(r.ExperimentId) && (status.Success ? r.Status == status.Groups[1].Value
                        : named.Success ? r.Name == named.Groups[1].Value : filter.Length == 0))
                    .Take((int?)json["max_results"] ?? int.MaxValue).ToList();
                Json(context, 200, found.Count == 0 ? new JsonObject() : new JsonObject { ["runs"] = new JsonArray(found.Select(r => (JsonNode)RunJson(r)).ToArray()) });
                return;
            case ("GET", api + "runs/get"):
                if (Runs.TryGetValue(query["run_id"] ?? string.Empty, out var got))
                {
                    Json(context, 200, new JsonObject { ["run"] = RunJson(got) });
                }
                else
                {
                    Json(context, 404, new JsonObject { ["error_code"] = "RESOURCE_DOES_NOT_EXIST", ["message"] = "no run" });
                }

                return;
            case ("GET", api + "metrics/get-history"):
                // Like MLflow: every point in logging order (duplicates included); unknown run or key: {}.
                var history = Points.Where(p => p.RunId == query["run_id"] && p.Key == query["metric_key"])
                    .Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value, ["timestamp"] = p.Timestamp, ["step"] = p.Step }).ToArray();
                Json(context, 200, history.Length == 0 ? new JsonObject() : new JsonObject { ["metrics"] = new JsonArray(history) });
                return;
            case ("POST", api + "runs/log-batch"):
                if (!Runs.TryGetValue((string)json!["run_id"]!, out var target))
                {
                    Json(context, 404, new JsonObject { ["error_code"] = "RESOURCE_DOES_NOT_EXIST", ["message"] = "no run" });
                    return;
                }

                // Like MLflow (transcript 03): a param logged again with another value fails the whole batch; the same value is accepted.
                var changed = (json["params"]?.AsArray() ?? []).Where(p => target.Params.TryGetValue((string)p!["key"]!, out var old) && old != (string)p["value"]!).ToList();
                if (changed.Count > 0)
                {
                    var list = string.Join(", ", changed.Select(p => $"{{'key': '{(string)p!["key"]!}', 'old_value': '{target.Params[(string)p["key"]!]}', 'new_value': '{(string)p["value"]!}'}}"));
                    Json(context, 400, new JsonObject { ["error_code"] = "INVALID_PARAMETER_VALUE", ["message"] = $"Changing param values is not allowed. Params were already logged='[{list}]' for run ID='{target.RunId}'." });
                    return;
                }

                foreach (var metric in json["metrics"]?.AsArray() ?? [])
                {
                    var value = metric!["value"]!.GetValueKind() == System.Text.Json.JsonValueKind.String
                        ? double.Parse((string)metric["value"]!, NumberStyles.Float, CultureInfo.InvariantCulture)
                        : (double)metric["value"]!;
                    AddPoint(target.RunId, (string)metric["key"]!, (long)metric["step"]!, value, (long)metric["timestamp"]!, (string?)metric["model_id"]);
                }

                foreach (var param in json["params"]?.AsArray() ?? [])
                {
                    target.Params[(string)param!["key"]!] = (string)param["value"]!;
                }

                foreach (var tag in json["tags"]?.AsArray() ?? [])
                {
                    target.Tags[(string)tag!["key"]!] = (string)tag["value"]!;
                }

                Json(context, 200, new JsonObject());
                return;
            case ("POST", api + "runs/log-inputs"):
                LogInputs(context, json!);
                return;
            case ("POST", api + "runs/update"):
                var updated = Runs[(string)json!["run_id"]!];
                updated.Status = (string?)json["status"] ?? updated.Status;
                updated.EndTime = (long?)json["end_time"] ?? updated.EndTime;
                Json(context, 200, new JsonObject { ["run_info"] = RunJson(updated)["info"]!.DeepClone() });
                return;
        }

        const string artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
        if (method == "PUT" && path.StartsWith(artifacts, StringComparison.Ordinal))
        {
            var segments = path[artifacts.Length..].Split('/');
            var owner = Runs[segments[1]];
            owner.Artifacts[string.Join('/', segments.Skip(3))] = Encoding.UTF8.GetBytes(LastBody());
            Json(context, 200, new JsonObject());
            return;
        }

        var html = Encoding.UTF8.GetBytes("<!doctype html><title>404 Not Found</title>");
        context.Response.StatusCode = 404;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.OutputStream.Write(html);
        context.Response.Close();
    }

    private string LastBody() => Requests[^1].Body;

    private JsonObject RunJson(FakeRun run) => new()
    {
        ["info"] = new JsonObject
        {
            ["run_id"] = run.RunId,
            ["run_uuid"] = run.RunId,
            ["experiment_id"] = run.ExperimentId,
            ["run_name"] = run.Name,
            ["status"] = run.Status,
            ["artifact_uri"] = $"mlflow-artifacts:/{run.ExperimentId}/{run.RunId}/artifacts",
            ["lifecycle_stage"] = "active",
        },
        ["data"] = new JsonObject
        {
            ["tags"] = new JsonArray(run.Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
            ["params"] = new JsonArray(run.Params.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
            // The latest point of each metric: the highest step (as MLflow's runs/get).
            ["metrics"] = new JsonArray(Points.Where(p => p.RunId == run.RunId).GroupBy(p => p.Key).Select(g => g.MaxBy(p => p.Step))
                .Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value, ["timestamp"] = p.Timestamp, ["step"] = p.Step }).ToArray()),
        },
    };

    private void Json(HttpListenerContext context, int status, JsonObject body)
    {
        if (AnswerDelay > TimeSpan.Zero)
        {
            // Slow: the request is handled (a log-batch stored) before the answer goes out, as a real server would.
            Thread.Sleep(AnswerDelay);
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    [GeneratedRegex(@"^tags\.`?([^`=\s]+)`?\s*=\s*'([^']*)'$")]
    private static partial Regex TagFilter();

    [GeneratedRegex(@"^attributes\.status\s*=\s*'([A-Z]+)'$")]
    private static partial Regex StatusFilter();

    [GeneratedRegex(@"^attributes\.run_name\s*=\s*'([^']*)'$")]
    private static partial Regex RunNameFilter();
}
