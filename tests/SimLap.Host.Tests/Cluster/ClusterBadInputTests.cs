namespace SimLap.Host.Tests;

/// <summary>Refused submissions: a clear message, exit code 2, nothing submitted and no run created.</summary>
public sealed class ClusterBadInputTests
{
    [Fact]
    public void SubmitNoSbatchOnPathIsRefused()
    {
        using var workspace = new TestWorkspace();
        var sweep = Sweep(workspace);

        var result = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--shared-store"], new Dictionary<string, string?> { ["PATH"] = workspace.Combine("empty-bin") });

        Refused(result, workspace, "sbatch was not found on PATH", "nothing was submitted");
    }

    [Fact]
    public void SubmitZeroTrialSweepIsRefused()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("zero.yaml", "extends: [tiny.yaml]\nsweep:\n  random: { n: 0, params: { train.optimizer.lr: [0.001] } }\n");
        var calls = ClusterDryRunTests.FakeTool(workspace, "sbatch");

        var result = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--shared-store"], PathWithFakes(workspace));

        Refused(result, workspace, "zero.yaml:3:16: 'sweep.random.n' is 0; it must be between 1 and 10,000");
        Assert.False(File.Exists(calls));
    }

    [Fact]
    public void SubmitLocalStoreWithoutSharedStoreIsRefused()
    {
        using var workspace = new TestWorkspace();
        var sweep = Sweep(workspace);
        var calls = ClusterDryRunTests.FakeTool(workspace, "sbatch");

        var result = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm"], PathWithFakes(workspace));

        Refused(result, workspace, $"the tracking store is the local folder '{workspace.MlrunsPath}'", "--shared-store");
        Assert.False(File.Exists(calls));
    }

    [Fact]
    public void SubmitUnreachableTrackingServerIsRefused()
    {
        using var workspace = new TestWorkspace();
        var sweep = Sweep(workspace);
        var calls = ClusterDryRunTests.FakeTool(workspace, "sbatch");

        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var result = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--tracking-uri", "http://127.0.0.1:9"], PathWithFakes(workspace));

        Refused(result, workspace, "the tracking server http://127.0.0.1:9 cannot be reached", "nothing was submitted");
        Assert.False(File.Exists(calls));
        Assert.False(Directory.Exists(workspace.Combine(".simlap-spool")), "the refused submission spooled a run");
    }

    [Fact]
    public void StatusUnknownParentRunIsRefused()
    {
        using var workspace = new TestWorkspace();
        Directory.CreateDirectory(workspace.MlrunsPath);

        var result = CliRunner.Run(workspace.Path, "status", "0123456789abcdef0123456789abcdef");

        CliAssert.ExitCode(result, 2);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, "there is no run '0123456789abcdef0123456789abcdef'");
    }

    [ClusterSlurmFact]
    public void SubmitPartitionSlurmDoesNotHaveIsRefusedWithSbatchsMessage()
    {
        using var workspace = new TestWorkspace();
        var sweep = Sweep(workspace);

        var result = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--shared-store", "--partition", "no-such-partition"], ClusterSlurm.ChildEnvironment());

        Refused(result, workspace, "Slurm refused the job", "invalid partition specified: no-such-partition");
        Assert.DoesNotContain("simlap-", ClusterSlurm.Command("squeue", "-h", "-o", "%j"), StringComparison.Ordinal);
    }

    private static string Sweep(TestWorkspace workspace)
    {
        workspace.WriteTinyExperiment();
        return workspace.Write("sweep.yaml", "extends: [tiny.yaml]\nsweep:\n  seeds: [1, 2]\n");
    }

    private static Dictionary<string, string?> PathWithFakes(TestWorkspace workspace) => new() { ["PATH"] = workspace.Combine("bin") };

    private static void Refused(CliResult result, TestWorkspace workspace, params string[] messages)
    {
        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, messages);
        Assert.Empty(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.False(Directory.Exists(workspace.Combine("submissions")), "a refused submission wrote a submission folder");
    }
}
