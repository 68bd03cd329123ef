using System.Net;
using System.Net.Sockets;
using SimLap.Tracking.Rest;

namespace SimLap.Host.Tests;

/// <summary>
/// <c>simlap sync</c> from the command line. Delivery itself (every point exactly once, partial replays) is tested
/// against a fake server in SimLap.Engine.Tests (RestRunTests); here: finding spools, an unreachable server, exit codes.
/// </summary>
public sealed class SyncCommandTests
{
    [Fact]
    public void SyncWithNothingSpooledSaysSo()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "sync");

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, "nothing to sync");
    }

    [Fact]
    public void SyncWhenTheServerIsStillUnreachableKeepsTheSpoolAndFails()
    {
        using var workspace = new TestWorkspace();
        var spoolRoot = workspace.Combine(MlflowRestOptions.DefaultSpoolFolderName);
        var header = new SpoolHeader
        {
            SpoolId = Guid.NewGuid().ToString("N"),
            TrackingUri = $"http://127.0.0.1:{FreePort()}",
            ExperimentName = "exp",
            RunName = "offline-run",
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        string directory;
        using (var spool = RunSpool.Create(spoolRoot, header))
        {
            spool.Append(new SpoolRecord { Kind = SpoolRecord.CreateRunKind, StartTime = header.CreatedAt });
            spool.Append(new SpoolRecord { Kind = SpoolRecord.BatchKind, Metrics = [new MlflowMetric { Key = "m", Value = 1, Step = 0, Timestamp = header.CreatedAt }] });
            directory = spool.Directory;
        }

        var result = CliRunner.Run(
            workspace.Path,
            ["sync"],
            new Dictionary<string, string?> { [MlflowRestOptions.MaxAttemptsVariable] = "1", [MlflowRestOptions.BackoffVariable] = "1" });

        CliAssert.ExitCode(result, 1);
        CliAssert.StdoutContains(result, "offline-run", "pending", "0 of 1");
        Assert.False(File.Exists(Path.Combine(directory, RunSpool.DoneFileName)));
        Assert.Equal(2, RunSpool.Open(directory).ReadRecords().Count);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
