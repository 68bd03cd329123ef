using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (loopback only) that serves byte arrays by path, honours <c>Range: bytes=N-</c>,
/// answers 404 for anything else, and can cut a transfer short. It records every request.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, byte[]> files = new();
    private readonly ConcurrentDictionary<string, int> truncateNext = new();
    private readonly ConcurrentDictionary<string, int> stallNext = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public LocalHttpServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                this.listener.Prefixes.Clear();
                this.listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                this.listener.Start();
                BaseUrl = $"http://127.0.0.1:{port}/";
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        this.loop = Task.Run(Serve);
    }

    /// <summary>The server's address, ending in '/'.</summary>
    public string BaseUrl { get; }

    /// <summary>Whether the server honours Range requests.</summary>
    public bool SupportsRanges { get; set; } = true;

    /// <summary>Every request served, as (path, Range header or null).</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>Serves <paramref name="data"/> at <paramref name="path"/> (no leading slash).</summary>
    public void Serve(string path, byte[] data) => files[path] = data;

    /// <summary>The next <paramref name="times"/> requests for <paramref name="path"/> send half the body, then drop the connection.</summary>
    public void TruncateNext(string path, int times = 1) => truncateNext[path] = times;

    /// <summary>The next request for <paramref name="path"/> sends half the body, then goes silent (until the server stops).</summary>
    public void StallNext(string path) => stallNext[path] = 1;

    public void Dispose()
    {
        stopping.Cancel();
        this.listener.Stop();
        this.listener.Close();
        try
        {
            this.loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    private async Task Serve()
    {
        while (this.listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await this.listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Concurrently, so a stalled answer does not hold up the next request.
            _ = Task.Run(async () =>
            {
                try
                {
                    await Answer(context);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client went away, or the server stops.
                }
            });
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        var range = context.Request.Headers["Range"];
        Requests.Enqueue((path, range));
        var response = context.Response;
        if (!files.TryGetValue(path, out var data))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        long start = 0;
        if (SupportsRanges && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= data.Length)
            {
                response.StatusCode = 416;
                response.Close();
                return;
            }

            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{data.Length - 1}/{data.Length}";
        }

        var length = data.Length - start;
        response.ContentLength64 = length;
        if (stallNext.TryRemove(path, out _))
        {
            await response.OutputStream.WriteAsync(data.AsMemory((int)start, (int)(length / 2)));
            await response.OutputStream.FlushAsync();
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }

        if (truncateNext.TryGetValue(path, out var times) && times > 0)
        {
            truncateNext[path] = times - 1;
            await response.OutputStream.WriteAsync(data.AsMemory((int)start, (int)(length / 2)));
            await response.OutputStream.FlushAsync();
            response.Abort();
            return;
        }

        await response.OutputStream.WriteAsync(data.AsMemory((int)start, (int)length));
        response.Close();
    }
}
