using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SimLap.Bench;

/// <summary>
/// A tiny MLflow tracking server on 127.0.0.1 for the logging benchmark: it answers the calls a run makes
/// (experiment by name, run create/update) with the least the client accepts, and log-batch with {}.
/// It stores nothing and only counts requests. Loopback only, and it stops with the process or Dispose.
/// </summary>
internal sealed class FakeMlflowServer : IDisposable
{
    // MLflow's replies to the calls the REST tracker makes, with one fixed experiment and run.
    private const string ExperimentReply = """{"experiment":{"experiment_id":"1","name":"bench","lifecycle_stage":"active"}}""";
    private const string CreatedExperimentReply = """{"experiment_id":"1"}""";
    private const string CreatedRunReply = """{"run":{"info":{"run_id":"0123456789abcdef0123456789abcdef","experiment_id":"1","status":"RUNNING","artifact_uri":"mlflow-artifacts:/1/0123456789abcdef0123456789abcdef/artifacts","lifecycle_stage":"active"},"data":{}}}""";
    private const string UpdatedRunReply = """{"run_info":{"run_id":"0123456789abcdef0123456789abcdef","experiment_id":"1","status":"FINISHED"}}""";
    private const string EmptyReply = "{}";

    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int logBatchRequests;
    private int requests;

    public FakeMlflowServer()
    {
        var port = FreePort();
        Uri = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Uri);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Uri { get; }

    public int LogBatchRequests => Volatile.Read(ref logBatchRequests);

    public int Requests => Volatile.Read(ref requests);

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        try
        {
            Interlocked.Increment(ref requests);
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                reader.ReadToEnd();
            }

            var path = context.Request.Url?.AbsolutePath ?? "";
            var body = path switch
            {
                _ when path.EndsWith("/runs/log-batch", StringComparison.Ordinal) => CountBatch(),
                _ when path.EndsWith("/experiments/get-by-name", StringComparison.Ordinal) => ExperimentReply,
                _ when path.EndsWith("/experiments/create", StringComparison.Ordinal) => CreatedExperimentReply,
                _ when path.EndsWith("/runs/create", StringComparison.Ordinal) => CreatedRunReply,
                _ when path.EndsWith("/runs/update", StringComparison.Ordinal) => UpdatedRunReply,
                _ => EmptyReply,
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private string CountBatch()
    {
        Interlocked.Increment(ref logBatchRequests);
        return EmptyReply;
    }
}
