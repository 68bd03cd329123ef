using SimLap.Tracking.Tests.Rest;

namespace SimLap.Host.Tests;

/// <summary>
/// A server run killed (SIGKILL) after its final evaluation was stored but before its model was logged: the fake
/// server holds the logged-models request unanswered (its Hang fault), the test kills the CLI there, removes the end
/// checkpoint (the state of a kill just before it was written), then resumes the run. The resume logs one model and links the final evaluation to it as the very points the run already holds, so
/// every (key, step) of the run is stored once.
/// </summary>
public sealed class ServerModelResumeTests
{
    [Fact]
    public void AServerRunKilledBeforeItsModelWasLoggedResumesWithOneModelAndEachPointStoredOnce()
    {
        using var workspace = new TestWorkspace();
        using var server = new FakeMlflowServer();
        using var creating = new ManualResetEventSlim();
        server.Hang = (method, path) =>
        {
            var hang = method == "POST" && path.EndsWith("/logged-models", StringComparison.Ordinal);
            if (hang)
            {
                creating.Set();
            }

            return hang;
        };
        var experiment = workspace.WriteTinyExperiment();
        string[] arguments = ["run", experiment, "--set", "train.epochs=2", "--set", "checkpoint.every=1", "--tracking-uri", server.Uri];

        using (var cli = CliRunner.Start(workspace.Path, arguments, new Dictionary<string, string?> { ["SIMLAP_TRACKING_BATCH_MS"] = "0" }))
        {
            Assert.True(creating.Wait(CliRunner.DefaultTimeout), "the run never asked for its logged model");
            System.Diagnostics.Process.GetProcessById(cli.Id).Kill();
            cli.WaitForExit(TimeSpan.FromMinutes(1));
        }

        server.Hang = null;
        var run = Assert.Single(server.Runs.Values);

        // The end checkpoint is written after the final evaluation; drop it to get the state of a kill between the two
        // (a run resumed from its end checkpoint has nothing left to train and is refused), so the resume replays the
        // last epoch and its final evaluation, whose points the server already holds.
        var ends = Directory.GetFiles(workspace.Checkpoints(run.RunId), "step-*.ckpt").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, ends.Count);
        File.Delete(ends[^1]);
        var evaluation = server.Points.Where(p => p.RunId == run.RunId && p.Key.StartsWith("eval/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(evaluation);
        Assert.Empty(server.Models);

        var resumed = CliRunner.Run(workspace.Path, [.. arguments, "--resume", run.RunId]);

        CliAssert.ExitCode(resumed, 0);
        CliAssert.NoStackTrace(resumed);
        Assert.Equal("FINISHED", run.Status);
        Assert.All(server.Points.Where(p => p.RunId == run.RunId).GroupBy(p => (p.Key, p.Step)), g => Assert.Single(g));
        var (modelId, model) = Assert.Single(server.Models);
        Assert.Equal(("LOGGED_MODEL_READY", run.RunId), (model.Status, model.RunId));
        Assert.Equal(modelId, run.Tags["simlap.model_id"]);
        Assert.Single(server.Outputs, o => o.ModelId == modelId);

        // The linked points are the ones the killed process stored: same key, step, value and timestamp.
        var linked = server.ModelPoints.Where(p => p.ModelId == modelId).Select(p => (p.Key, p.Step, p.Value, p.Timestamp)).Order().ToList();
        var final = evaluation.Where(p => p.Step == evaluation.Max(e => e.Step)).Select(p => (p.Key, p.Step, p.Value, p.Timestamp)).Order().ToList();
        Assert.Equal(final, linked);
        Assert.Contains(linked, p => p.Key == "eval/knn/top1");
    }
}
