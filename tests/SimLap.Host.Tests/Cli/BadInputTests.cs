namespace SimLap.Host.Tests;

/// <summary>
/// Mistakes in the experiment, the command line or the environment: <c>simlap run</c> exits with 2 and one clear
/// message (no stack trace), before any run is started.
/// </summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("missing-file")]
    [InlineData("missing-parent")]
    [InlineData("yaml-indentation")]
    [InlineData("yaml-unclosed-flow-sequence")]
    [InlineData("unknown-type-in-file")]
    [InlineData("unknown-type-in-set")]
    [InlineData("wrong-option-type")]
    [InlineData("negative-batch-size")]
    [InlineData("learning-rate-out-of-range")]
    [InlineData("missing-plugin-folder-in-set")]
    [InlineData("missing-plugin-folder-in-file")]
    [InlineData("missing-plugin-folder-in-environment")]
    [InlineData("set-without-equals")]
    [InlineData("unknown-verb")]
    public void RunBadInputExitsWithConfigurationErrorAndStartsNoRun(string scenario)
    {
        using var workspace = new TestWorkspace();
        var tiny = workspace.WriteTinyExperiment();
        Dictionary<string, string?>? environment = null;
        string[] args;
        Action<CliResult> expect;
        switch (scenario)
        {
            case "missing-file":
                args = ["run", "does-not-exist.yaml"];
                expect = r => CliAssert.StderrContains(r, "experiment file 'does-not-exist.yaml' not found");
                break;
            case "missing-parent":
                args = ["run", workspace.Write("child.yaml", "name: child\nextends: [tiny.yaml, no-such-parent.yaml]\n")];
                expect = r => CliAssert.StderrContains(r, "child.yaml:2:22:", "no-such-parent.yaml' not found");
                break;
            case "yaml-indentation":
                args = ["run", workspace.Write("syntax.yaml", "extends: tiny.yaml\ntrain:\n  epochs: 1\n   batch_size: 2\n")];
                expect = r => CliAssert.StderrMatches(r, @"syntax\.yaml:4:[0-9]+:invalidYAML:");
                break;
            case "yaml-unclosed-flow-sequence":
                // A list missing its ']' with more keys after it: a common typo.
                args = ["run", workspace.Write("unclosed.yaml", "extends: tiny.yaml\ntrain:\n  epochs: [1\n  batch_size: 2\n")];
                expect = r => CliAssert.StderrMatches(r, @"unclosed\.yaml:[0-9]+:[0-9]+:invalidYAML");
                break;
            case "unknown-type-in-file":
                args = ["run", workspace.Write("unknown-type.yaml", "extends: tiny.yaml\npairs:\n  type: arbitary\n")];
                expect = r => CliAssert.StderrContains(
                    r, "unknown-type.yaml:3:9:", "unknown pairs type 'arbitary'.", "Did you mean 'arbitrary'?", "Installed: arbitrary, distinct, identical, instance");
                break;
            case "unknown-type-in-set":
                args = ["run", tiny, "--set", "loss.type=multi-postive"];
                expect = r => CliAssert.StderrContains(r, "--set loss.type=multi-postive:", "unknown loss type 'multi-postive'.", "Did you mean 'multi-positive'?", "nt-xent");
                break;
            case "wrong-option-type":
                args = ["run", tiny, "--set", "train.epochs=many"];
                expect = r => CliAssert.StderrContains(r, "'train.epochs' must be an integer; found 'many'");
                break;
            case "negative-batch-size":
                args = ["run", tiny, "--set", "train.batch_size=-4"];
                expect = r => CliAssert.StderrContains(r, "'train.batch_size' is -4, but must be between 2 and");
                break;
            case "learning-rate-out-of-range":
                args = ["run", tiny, "--set", "train.optimizer.lr=1e30"];
                expect = r => CliAssert.StderrContains(r, "'train.optimizer.lr' is 1E+30, but must be between");
                break;
            case "missing-plugin-folder-in-set":
                args = ["run", tiny, "--set", "plugins=[./nope]"];
                expect = r => CliAssert.StderrContains(r, "--set plugins=[./nope]:", "plugin folder", "nope' does not exist");
                break;
            case "missing-plugin-folder-in-file":
                args = ["run", workspace.Write("plugins.yaml", "extends: tiny.yaml\nplugins: [./nope]\n")];
                expect = r => CliAssert.StderrContains(r, "plugins.yaml:2:11:", "plugin folder", "nope' does not exist");
                break;
            case "missing-plugin-folder-in-environment":
                args = ["run", tiny];
                environment = new() { ["SIMLAP_PLUGIN_PATH"] = "/nonexistent/simlap-plugins" };
                expect = r => CliAssert.StderrContains(r, "SIMLAP_PLUGIN_PATH", "plugin folder '/nonexistent/simlap-plugins' does not exist");
                break;
            case "set-without-equals":
                args = ["run", tiny, "--set", "train.epochs"];
                expect = r => CliAssert.StderrContains(r, "--set train.epochs:", "key.path=value");
                break;
            case "unknown-verb":
                args = ["frobnicate", tiny];
                expect = r => CliAssert.StderrContains(r, "unknown command 'frobnicate'.", "Commands: compare,");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }

        var result = CliRunner.Run(workspace.Path, args, environment);

        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        expect(result);
        Assert.DoesNotContain("run finished", result.StandardOutput, StringComparison.Ordinal);
        var runs = new MlrunsStore(workspace.MlrunsPath).RunFolders();
        Assert.DoesNotContain(runs, run => MlrunsStore.Status(run) == MlrunsStore.Running);
        Assert.True(runs.Count == 0, $"A configuration error started {runs.Count} run(s): {string.Join(", ", runs)}.{Environment.NewLine}{result}");
    }
}
