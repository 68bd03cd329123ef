using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using SimLap.Tracking.Tests;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Engine.Tests.Running;

/// <summary>A run whose informative name is taken gets a suffix, found by one filtered search, not by listing every run.</summary>
public sealed class RunNameUniquenessTests : IDisposable
{
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ARepeatedOverrideRunOnAServerIsSuffixedAfterOneSearchForItsName()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        // Earlier runs of the experiment: one of them already holds the name the overrides give.
        backend.StartRestRun("engine-tests", "tiny seed=3").End(RunStatus.Finished);
        backend.StartRestRun("engine-tests", "tiny seed=4").End(RunStatus.Finished);
        var before = server.Requests.Count;

        var summary = new ExperimentRunner(backend, NullLoggerFactory.Instance, new SilentProgress()).Run(WithOverrides("seed=3"), CancellationToken.None);

        Assert.Matches("^tiny seed=3 [a-z]+-[a-z]+-[0-9]{3}$", server.Runs[summary.RunId].Name);
        var searches = server.Requests.Skip(before).Where(r => r.Path.EndsWith("runs/search", StringComparison.Ordinal))
            .Select(r => (string?)JsonNode.Parse(r.Body)!["filter"]).ToList();
        // The one search for the name; any other search of the run's start is filtered too (never every run of the experiment).
        Assert.Single(searches, f => f == "attributes.run_name = 'tiny seed=3'");
        Assert.All(searches, f => Assert.False(string.IsNullOrEmpty(f), "an unfiltered runs/search listed every run."));
    }

    private static ResolvedExperiment WithOverrides(params string[] overrides)
    {
        var bound = TinyExperiment.Resolve(overrides);
        return new ResolvedExperiment(bound.SourceFile, bound.Options, bound.Components, bound.Evaluators, bound.Catalog) { CommandLineOverrides = overrides };
    }

    private RestTrackingBackend Backend(FakeMlflowServer server) => FakeServerBackend.For(server, folder.Combine("spool"));
}
