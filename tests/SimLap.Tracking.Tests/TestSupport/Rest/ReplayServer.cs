using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>
/// Serves recorded exchanges, in order, from an HttpListener on 127.0.0.1 (a free port), and checks that each request
/// is equivalent to the recorded one: method, path, query parameters (decoded, in order), Content-Type and a
/// structurally equal JSON body (volatile timestamps compared by type only) or the same raw bytes. The recorded status,
/// headers and body are sent back. A request beyond the script is answered 500 and counted as a mismatch.
/// </summary>
internal sealed class ReplayServer : IDisposable
{
    private static readonly HashSet<string> VolatileNumbers = new(StringComparer.Ordinal) { "start_time", "end_time", "timestamp", "creation_time", "last_update_time" };

    private readonly HttpListener listener = new();
    private readonly Queue<JsonObject> script;
    private readonly List<string> mismatches = [];
    private readonly Task loop;
    private int served;

    public ReplayServer(params JsonObject[] exchanges)
    {
        this.script = new Queue<JsonObject>(exchanges);
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Uri => $"http://127.0.0.1:{Port}";

    public int Served => Volatile.Read(ref served);

    public List<string> Authorizations { get; } = [];

    /// <summary>Fails the test when a request differed from the recording or recorded exchanges were not requested.</summary>
    public void AssertAllServed()
    {
        lock (mismatches)
        {
            Assert.True(mismatches.Count == 0, "Requests differ from the recording:\n" + string.Join("\n", mismatches));
        }

        lock (this.script)
        {
            if (this.script.Count > 0)
            {
                Assert.Fail($"{this.script.Count} recorded exchanges were never requested; next: {(string?)this.script.Peek()["label"]}");
            }
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>Replaces volatile numbers (timestamps) by a type marker, recursively.</summary>
    public static JsonNode? Normalise(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (k, v) in obj)
                {
                    copy[k] = Normalise(v, k);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(n => Normalise(n)).ToArray());
            case JsonValue value when key is not null && VolatileNumbers.Contains(key) && value.TryGetValue<long>(out _):
                return JsonValue.Create("<epoch ms>");
            default:
                return node?.DeepClone();
        }
    }

    private static List<KeyValuePair<string, string>> Query(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(System.Uri.UnescapeDataString(p[0]), p.Length > 1 ? System.Uri.UnescapeDataString(p[1]) : string.Empty))
            .ToList();

    private async Task LoopAsync()
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

            Handle(context);
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        request.InputStream.CopyTo(body);
        lock (Authorizations)
        {
            Authorizations.Add(request.Headers["Authorization"] ?? string.Empty);
        }

        JsonObject? exchange;
        lock (this.script)
        {
            exchange = this.script.Count > 0 ? this.script.Dequeue() : null;
        }

        var rawUrl = request.RawUrl ?? "/";
        if (exchange is null)
        {
            Mismatch($"unexpected extra request {request.HttpMethod} {rawUrl}");
            Answer(context.Response, 500, "application/json", Encoding.UTF8.GetBytes("{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"not in the script\"}"), null);
            return;
        }

        Interlocked.Increment(ref served);
        var label = (string?)exchange["label"];
        var expected = exchange["request"]!.AsObject();
        var expectedPath = (string)expected["path"]!;
        if ((string)expected["method"]! != request.HttpMethod)
        {
            Mismatch($"[{label}] method {request.HttpMethod}, recorded {(string)expected["method"]!}");
        }

        var (path, query) = Split(rawUrl);
        var (recordedPath, recordedQuery) = Split(expectedPath);
        if (System.Uri.UnescapeDataString(path) != System.Uri.UnescapeDataString(recordedPath))
        {
            Mismatch($"[{label}] path {path}, recorded {recordedPath}");
        }

        var actualQuery = Query(query);
        var recordedParams = Query(recordedQuery);
        if (!actualQuery.SequenceEqual(recordedParams))
        {
            Mismatch($"[{label}] query '{query}', recorded '{recordedQuery}'");
        }

        var recordedType = (string?)expected["headers"]?["Content-Type"];
        if (recordedType != request.ContentType)
        {
            Mismatch($"[{label}] Content-Type '{request.ContentType}', recorded '{recordedType}'");
        }

        CompareBody(label, expected["body"], body.ToArray());

        var response = exchange["response"]!.AsObject();
        var status = (int)response["status"]!;
        var headers = response["headers"]!.AsObject();
        var responseBody = response["body"] switch
        {
            JsonObject obj when obj.ContainsKey("raw_base64") && obj.Count == 1 => Convert.FromBase64String((string)obj["raw_base64"]!),
            JsonValue text when text.TryGetValue<string>(out var s) => Encoding.UTF8.GetBytes(s),
            null => [],
            var json => Encoding.UTF8.GetBytes(json.ToJsonString()),
        };
        Answer(context.Response, status, (string?)headers["Content-Type"], responseBody, headers);
    }

    private void CompareBody(string? label, JsonNode? expected, byte[] actual)
    {
        if (expected is null)
        {
            if (actual.Length != 0)
            {
                Mismatch($"[{label}] sent a body, recorded none");
            }

            return;
        }

        if (expected is JsonObject raw && raw.Count == 1 && raw.ContainsKey("raw_base64"))
        {
            if (!Convert.FromBase64String((string)raw["raw_base64"]!).AsSpan().SequenceEqual(actual))
            {
                Mismatch($"[{label}] raw body differs ({actual.Length} bytes sent)");
            }

            return;
        }

        JsonNode? sent;
        try
        {
            sent = JsonNode.Parse(actual);
        }
        catch (System.Text.Json.JsonException e)
        {
            Mismatch($"[{label}] body is not JSON: {e.Message}");
            return;
        }

        if (!JsonNode.DeepEquals(Normalise(sent), Normalise(expected)))
        {
            var shownSent = sent?.ToJsonString() ?? "null";
            var shownExpected = expected.ToJsonString();
            Mismatch($"[{label}] body {shownSent[..Math.Min(400, shownSent.Length)]}, recorded {shownExpected[..Math.Min(400, shownExpected.Length)]}");
        }
    }

    private static (string Path, string Query) Split(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (url, string.Empty) : (url[..q], url[(q + 1)..]);
    }

    private static void Answer(HttpListenerResponse response, int status, string? contentType, byte[] body, JsonObject? headers)
    {
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        if (headers?["Allow"] is JsonValue allow)
        {
            response.AddHeader("Allow", (string)allow!);
        }

        if (headers?["Content-Disposition"] is JsonValue disposition)
        {
            response.AddHeader("Content-Disposition", (string)disposition!);
        }

        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    private void Mismatch(string message)
    {
        lock (mismatches)
        {
            mismatches.Add(message);
        }
    }
}
