namespace SimLap.Host.Tests;

/// <summary>The CLI refuses unknown verbs and options (exit 2, a did-you-mean), and validate refuses what run would refuse.</summary>
public sealed class StrictCliTests
{
    [Fact]
    public void AMistypedOptionOfRunIsRefusedWithTheOptionItMeantAndNoRunStarts()
    {
        using var workspace = new TestWorkspace();
        var tiny = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "run", tiny, "--tracking-ur", workspace.Combine("elsewhere"));

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "unknown option '--tracking-ur' for 'simlap run'. Did you mean '--tracking-uri'?", "Its options: --extend-epochs, --list-trials, --quiet, --resume, --set,");
        Assert.False(Directory.Exists(workspace.MlrunsPath));
        Assert.False(Directory.Exists(workspace.Combine("elsewhere")));
    }

    [Fact]
    public void AMistypedSetIsRefusedWithADidYouMean()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "validate", workspace.WriteTinyExperiment(), "--sett", "train.epochs=2");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "unknown option '--sett' for 'simlap validate'. Did you mean '--set'?");
    }

    [Fact]
    public void AMistypedVerbIsRefusedWithADidYouMeanAndTheListOfCommands()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "valdate", workspace.WriteTinyExperiment());

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "unknown command 'valdate'. Did you mean 'validate'?", "run, runs, status, submit, sync, validate");
    }

    [Fact]
    public void AValueThatIsNotANumberNamesTheOptionAndWhatItTakesNotAType()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "run", workspace.WriteTinyExperiment(), "--trial", "abc");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "error: --trial 'abc' is not a valid value; it takes a whole number.");
        Assert.DoesNotContain("Nullable", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRefusesACudaDeviceThisBuildCannotUseAsRunWouldAtTheLineThatAsksForIt()
    {
        using var workspace = new TestWorkspace();
        var tiny = workspace.WriteTinyExperiment();
        var file = workspace.Write("gpu.yaml", "extends: tiny.yaml\ndevice: cuda:99\n");

        var result = CliRunner.Run(workspace.Path, "validate", file);

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "gpu.yaml:2:9: device 'cuda:99'");
        Assert.True(File.Exists(tiny));
    }

    [Fact]
    public void ValidateRefusesATrackingUriSchemeRunCannotUse()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "validate", workspace.WriteTinyExperiment(), "--tracking-uri", "ftp://host/runs");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "--tracking-uri: tracking URI 'ftp://host/runs' cannot be used:", "the scheme 'ftp', which is not supported");
    }

    [Fact]
    public void ExportOfAnUnknownRunNamesExportsOwnOptionsNotResume()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "export", "no-such-run");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "export no-such-run: no checkpoint file of that name", "--checkpoints DIR", "--tracking-uri");
        Assert.DoesNotContain("--resume", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionGivenWithoutItsValueIsRefusedByName()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "run", workspace.WriteTinyExperiment(), "--set");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "error: --set needs a value, e.g. --set train.epochs=5");
        Assert.DoesNotContain("__default_command", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.MlrunsPath));
    }

    [Fact]
    public void AnExtraArgumentIsRefusedNamingItAndTheVerb()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "validate", workspace.WriteTinyExperiment(), "extra");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "error: unexpected argument 'extra' for 'simlap validate'");
    }
}
