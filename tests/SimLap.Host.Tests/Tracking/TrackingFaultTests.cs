using System.Diagnostics;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Host.Tests;

/// <summary>
/// The CLI against an MLflow server that hangs, rejects or is slow: a signal still ends the run KILLED within
/// seconds (what could not be delivered is spooled), and <c>simlap sync</c>, killed at any point and run again,
/// stores every point exactly once.
/// </summary>
public sealed class TrackingFaultTests
{
    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void ASignalWhileTheServerHangsEndsTheRunKilledWithin10SAndSyncDeliversItOnce(string signal, int exitCode)
    {
        using var workspace = new TestWorkspace();
        using var server = new FakeMlflowServer();
        server.Hang = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal);
        var experiment = workspace.WriteTinyExperiment();
        var environment = new Dictionary<string, string?> { ["SIMLAP_TRACKING_BATCH_MS"] = "0" };

        using var cli = CliRunner.Start(workspace.Path, ["run", experiment, "--set", "train.epochs=1000", "--tracking-uri", server.Uri], environment);
        cli.WaitForOutput("epoch 1/1000", TimeSpan.FromMinutes(2));
        var signalled = Stopwatch.StartNew();
        Signal(cli.Id, signal);
        var result = cli.WaitForExit(TimeSpan.FromMinutes(1));

        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(10), $"exit took {signalled.Elapsed.TotalSeconds:F1} s after SIG{signal}");
        CliAssert.ExitCode(result, exitCode);
        CliAssert.NoStackTrace(result);
        var run = Assert.Single(server.Runs.Values);
        Assert.Equal("RUNNING", run.Status);
        Assert.Empty(server.Points);

        server.Hang = null;
        var sync = CliRunner.Run(workspace.Path, "sync");

        CliAssert.ExitCode(sync, 0);
        Assert.Equal("KILLED", run.Status);
        AssertExactlyOnce(server);
        var steps = server.Points.Where(p => p.Key == "train/loss").Select(p => p.Step).Order().ToList();
        Assert.Equal(Enumerable.Range(0, steps.Count).Select(s => (long)s), steps);
        Assert.True(steps.Count >= 4, $"the first epoch's losses were not kept: {steps.Count}");
    }

    [Fact]
    public void AServerThatRejectsLogBatchMidRunLosesNothingAndTheRunIsNotLeftRunning()
    {
        using var workspace = new TestWorkspace();
        using var server = new FakeMlflowServer();
        var batches = 0;
        server.Fault = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) > 1 ? 400 : null;
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, ["run", experiment, "--set", "train.epochs=2", "--tracking-uri", server.Uri], new Dictionary<string, string?> { ["SIMLAP_TRACKING_PROBE_MS"] = "0" });

        CliAssert.ExitCode(result, 0);
        CliAssert.StderrContains(result, "rejected", "spooled");
        var run = Assert.Single(server.Runs.Values);
        Assert.Equal("FINISHED", run.Status);

        // Once the server takes them again, sync delivers the rest, each point once.
        server.Fault = null;
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "sync"), 0);
        AssertExactlyOnce(server);
        Assert.Equal(8, server.Points.Count(p => p.Key == "train/loss"));
        Assert.Equal("FINISHED", run.Status);
    }

    [Fact]
    public void SyncKilledAtSeveralPointsThenRunAgainStoresEveryPointExactlyOnce()
    {
        using var workspace = new TestWorkspace();
        using var server = new FakeMlflowServer();
        var spoolRoot = workspace.Combine(MlflowRestOptions.DefaultSpoolFolderName);
        var options = new MlflowRestOptions(server.Uri) { SpoolDirectory = spoolRoot, Retry = new MlflowRetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero) };
        using (var backend = new RestTrackingBackend(options) { ReplayPendingSpools = false })
        {
            var run = backend.StartRestRun("exp", "to-sync", null);
            server.Stop();
            for (var i = 0; i < 12_000; i++)
            {
                run.LogMetric("train/loss", i, i);
            }

            run.End(RunStatus.Finished);
        }

        server.Start();

        // Slow answers (each log-batch is stored, then answered 150 ms later): a kill lands between the two.
        server.AnswerDelay = TimeSpan.FromMilliseconds(150);
        foreach (var killAfter in new[] { 1, 4, 8 })
        {
            using var sync = CliRunner.Start(workspace.Path, ["sync"]);
            var clock = Stopwatch.StartNew();
            while (server.Count("runs/log-batch") < killAfter && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(5);
            }

            using var process = Process.GetProcessById(sync.Id);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        server.AnswerDelay = TimeSpan.Zero;
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "sync"), 0);

        AssertExactlyOnce(server);
        Assert.Equal(12_000, server.Points.Count);
        Assert.Equal("FINISHED", Assert.Single(server.Runs.Values).Status);
    }

    private static void AssertExactlyOnce(FakeMlflowServer server)
    {
        var duplicates = server.Points.GroupBy(p => (p.RunId, p.Key, p.Step)).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(duplicates.Count == 0, "points stored twice: " + string.Join(", ", duplicates));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
