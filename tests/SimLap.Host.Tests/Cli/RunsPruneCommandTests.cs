using SimLap.Engine.Running;

namespace SimLap.Host.Tests;

/// <summary><c>simlap runs prune</c> on a real store: lists what would go with its size, deletes only with --yes, refuses bad arguments.</summary>
public sealed class RunsPruneCommandTests
{
    [Fact]
    public void PruneListsTheCheckpointsOfADeletedRunAndRemovesThemOnlyWithYes()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.Write("quick.yaml", $"extends: [{TestWorkspace.Quote(workspace.WriteTinyExperiment())}]\neval: []\n");
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "run", experiment, "--quiet"), 0);
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "run", experiment, "--quiet"), 0);
        var runs = new MlrunsStore(workspace.MlrunsPath).RunFolders();
        var (deleted, kept) = (runs[0], runs[1]);
        var relative = MlrunsStore.ReadValue(deleted, "tags", CheckpointHome.Tag);
        Assert.Equal($"quickstart/{Path.GetFileName(deleted)}", relative);
        Assert.False(Directory.Exists(workspace.Combine("checkpoints")), "no checkpoints in the working folder");
        var folder = workspace.Checkpoints(Path.GetFileName(deleted));
        var size = CheckpointPruner.FormatSize(Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length));
        var meta = Path.Combine(deleted, "meta.yaml");
        File.WriteAllText(meta, File.ReadAllText(meta).Replace("lifecycle_stage: active", "lifecycle_stage: deleted", StringComparison.Ordinal));

        var dryRun = CliRunner.Run(workspace.Path, "runs", "prune");

        CliAssert.ExitCode(dryRun, 0);
        CliAssert.StdoutContains(dryRun, $"would remove 1 checkpoint folder(s) of runs deleted or gone from the store, {size}:", $"  {relative}  {size}", "kept: 1 folder(s) of runs the store has", "dry run: nothing was deleted; pass --yes");
        Assert.True(Directory.Exists(folder));

        var pruned = CliRunner.Run(workspace.Path, "runs", "prune", "--yes");

        CliAssert.ExitCode(pruned, 0);
        CliAssert.StdoutContains(pruned, $"removed 1 checkpoint folder(s), {size} freed.");
        Assert.False(Directory.Exists(folder));
        Assert.True(Directory.Exists(workspace.Checkpoints(Path.GetFileName(kept))));

        // `simlap runs` alone still lists the store.
        CliAssert.StdoutContains(CliRunner.Run(workspace.Path, "runs"), "1 run(s) in");
    }

    [Fact]
    public void BadPruneArgumentsAreExit2WithAMessageNamingTheProblem()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.Write("quick.yaml", $"extends: [{TestWorkspace.Quote(workspace.WriteTinyExperiment())}]\neval: []\n");
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "run", experiment, "--quiet"), 0);
        var file = workspace.Write("not-a-folder.txt", "x");

        var missing = CliRunner.Run(workspace.Path, "runs", "prune", "--checkpoint-dir", workspace.Combine("nowhere"));
        var notFolder = CliRunner.Run(workspace.Path, "runs", "prune", "--checkpoint-dir", file);
        var typo = CliRunner.Run(workspace.Path, "runs", "prune", "--experiment", "quickstrat");
        var noStore = CliRunner.Run(workspace.Path, "runs", "prune", "--tracking-uri", workspace.Combine("no-store"));

        foreach (var result in new[] { missing, notFolder, typo, noStore })
        {
            CliAssert.ExitCode(result, 2);
            CliAssert.NoStackTrace(result);
        }

        CliAssert.StderrContains(missing, $"--checkpoint-dir {workspace.Combine("nowhere")}: there is no folder");
        CliAssert.StderrContains(notFolder, "is a file; give the checkpoint home");
        CliAssert.StderrContains(typo, "--experiment 'quickstrat'", "Did you mean 'quickstart'?");
        CliAssert.StderrContains(noStore, "there is no tracking store at");
    }
}
