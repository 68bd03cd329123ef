using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Configuration;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking.Rest;

using SimLap.Tracking.Tests;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Engine.Tests.Running;

/// <summary>Resuming a run on a server: checked against the stored params before any write; an extension is a tag there.</summary>
public sealed class RestResumeGuardTests : IDisposable
{
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AChangedParamIsRefusedBeforeAnyWriteAndMoreEpochsAreRecordedAsTags()
    {
        using var server = new FakeMlflowServer();
        using var backend = new RestTrackingBackend(new MlflowRestOptions(server.Uri)
        {
            BatchInterval = TimeSpan.FromMilliseconds(50),
            SpoolDirectory = folder.Combine("spool"),
        })
        { ReplayPendingSpools = false };
        var checkpoints = "checkpoint.dir=" + folder.Combine("checkpoints");
        var experiment = TinyExperiment.Resolve(checkpoints);
        var first = Runner(backend).Run(experiment, CancellationToken.None);
        var point = ResumePoint.Resolve(first.RunId, experiment.Options, null);
        var writes = server.Requests.Count(r => r.Method is "POST" or "PUT");

        var error = Assert.Throws<ConfigurationException>(() =>
            Runner(backend).Run(TinyExperiment.Resolve(checkpoints, "train.optimizer.lr=0.5"), CancellationToken.None, point));

        Assert.Contains("train.optimizer.lr: '0.001' (stored) vs '0.5' (now)", error.Message, StringComparison.Ordinal);
        Assert.Equal(writes, server.Requests.Count(r => r.Method is "POST" or "PUT"));
        Assert.Equal("FINISHED", server.Runs[first.RunId].Status);

        new ExperimentRunner(backend, NullLoggerFactory.Instance, new SilentProgress()) { ExtendEpochs = true }
            .Run(TinyExperiment.Resolve(checkpoints, "train.epochs=3"), CancellationToken.None, point);

        var run = server.Runs[first.RunId];
        Assert.Equal("FINISHED", run.Status);
        Assert.Equal("2", run.Params["train.epochs"]);
        Assert.Equal("3", run.Tags[ResumeCheck.EpochsTag]);
        Assert.Equal("train.epochs 2 -> 3", run.Tags[ResumeCheck.ExtendedTag]);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Tags["simlap.owner.pid"]);
    }

    private static ExperimentRunner Runner(RestTrackingBackend backend) => new(backend, NullLoggerFactory.Instance, new SilentProgress());
}
