using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Running;

/// <summary>Where a run's checkpoints go: &lt;home&gt;/&lt;experiment&gt;/&lt;run id&gt;, the home from checkpoint.dir or the user's data home.</summary>
public sealed class CheckpointHomeTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", IsolatedDataHome.Path);
        work.Dispose();
    }

    [Fact]
    public void TheDefaultHomeIsUnderXdgDataHome()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", work.Path);

        Assert.Equal(Path.Combine(work.Path, "simlap", "checkpoints"), CheckpointHome.Default());
        Assert.Equal(Path.Combine(work.Path, "simlap", "checkpoints", "quickstart", "abc123"), CheckpointHome.RunFolder(Options("quickstart", ""), "abc123"));
    }

    [Fact]
    public void ARelativeXdgDataHomeIsIgnoredAsTheSpecificationSays()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", "relative/data");
        var expected = OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "simlap", "checkpoints")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "simlap", "checkpoints");

        Assert.Equal(expected, CheckpointHome.Default());
    }

    [Fact]
    public void CheckpointDirChoosesTheHomeAndEachRunHasItsOwnFolderThere()
    {
        var options = Options("ablations/gate", work.Combine("ckpt"));

        Assert.Equal(work.Combine("ckpt", "ablations_gate", "run1"), CheckpointHome.RunFolder(options, "run1"));
        Assert.Equal("ablations_gate/run1", CheckpointHome.Relative("ablations/gate", "run1"));
    }

    [Theory]
    [InlineData("quickstart", "quickstart")]
    [InlineData("a/b\\c", "a_b_c")]
    [InlineData("..", "__")]
    [InlineData("  ", "_")]
    public void AnExperimentNameBecomesOneFolderName(string experiment, string segment)
    {
        Assert.Equal(segment, CheckpointHome.Segment(experiment));
    }

    [Fact]
    public void ACheckpointIsDescribedRelativeToTheHomeNeverByALocalAbsolutePath()
    {
        var options = Options("quickstart", work.Combine("ckpt"));

        Assert.Equal("quickstart/run1/step-000000008.ckpt", CheckpointHome.Describe(options, work.Combine("ckpt", "quickstart", "run1", "step-000000008.ckpt")));
        Assert.Equal("mine.ckpt", CheckpointHome.Describe(options, work.Combine("elsewhere", "mine.ckpt")));
    }

    [Fact]
    public void ResumeLooksInTheRunsFolderThenUnderARenamedExperimentThenInTheOldPlaces()
    {
        var home = work.Combine("ckpt");
        Directory.CreateDirectory(Path.Combine(home, "renamed", "run1"));

        var candidates = CheckpointHome.Candidates(Options("quickstart", home), "run1");

        Assert.Equal([Path.Combine(home, "quickstart", "run1"), Path.Combine(home, "renamed", "run1"), home], candidates);
        Assert.Equal(Path.GetFullPath(Path.Combine("checkpoints", "run1")), CheckpointHome.Candidates(Options("quickstart", ""), "run1")[^1]);
    }

    [Fact]
    public void TheMarkerNamesTheRunItsExperimentAndItsStoreInJson()
    {
        CheckpointHome.WriteMarker(work.Combine("run1"), "run1", "quickstart", "/data/mlruns");

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(work.Combine("run1", CheckpointHome.MarkerFileName)));
        Assert.Equal("run1", json.RootElement.GetProperty("run_id").GetString());
        Assert.Equal("quickstart", json.RootElement.GetProperty("experiment").GetString());
        Assert.Equal("/data/mlruns", json.RootElement.GetProperty("store").GetString());
        Assert.Equal(new CheckpointMarker("run1", "quickstart", "/data/mlruns"), CheckpointHome.ReadMarker(work.Combine("run1")));
    }

    private static ExperimentOptions Options(string experiment, string dir) =>
        new() { Tracking = { Experiment = experiment }, Checkpoint = { Dir = dir } };
}
