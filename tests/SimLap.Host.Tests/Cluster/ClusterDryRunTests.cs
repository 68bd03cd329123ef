using YamlDotNet.RepresentationModel;

namespace SimLap.Host.Tests;

/// <summary><c>simlap submit --dry-run</c> prints the Slurm batch script or the Kubernetes manifest, and creates and submits nothing.</summary>
public sealed class ClusterDryRunTests
{
    [Fact]
    public void SubmitSlurmDryRunPrintsTheJobArrayScriptAndSubmitsNothing()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\nsweep:\n  seeds: [1, 2, 3]\n");
        var sbatchLog = FakeTool(workspace, "sbatch");

        var result = CliRunner.Run(
            workspace.Path,
            ["submit", sweep, "--to", "slurm", "--dry-run", "--partition", "gpu", "--time", "04:00:00", "--cpus-per-trial", "4", "--gpus-per-trial", "1",
                "--max-parallel", "2", "--requeue", "--shared-store", "--simlap", "dotnet /opt/simlap/simlap.dll", "--set", "train.epochs=2"],
            new Dictionary<string, string?> { ["PATH"] = workspace.Combine("bin") + ":/usr/bin:/bin" });

        CliAssert.ExitCode(result, 0);
        var script = result.StandardOutput;
        Assert.StartsWith("#!/bin/bash\n", script, StringComparison.Ordinal);
        foreach (var line in new[]
        {
            "#SBATCH --array=0-2%2", "#SBATCH --partition=gpu", "#SBATCH --time=04:00:00", "#SBATCH --cpus-per-task=4", "#SBATCH --gpus=1",
            "#SBATCH --requeue", "#SBATCH --signal=B:TERM@60", $"#SBATCH --chdir={workspace.Path}", "#SBATCH --open-mode=append",
            $"export MLFLOW_TRACKING_URI={workspace.MlrunsPath}", "export SIMLAP_RESUME_TRIAL=1",
            $"exec dotnet /opt/simlap/simlap.dll run {sweep} --trial \"$SLURM_ARRAY_TASK_ID\" --quiet --set train.epochs=2",
        })
        {
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
        }

        Assert.Matches(@"(?m)^#SBATCH --output=\S+/slurm-%A_%a\.out$", script);
        Assert.Matches(@"(?m)^export SIMLAP_PARENT_RUN_ID=\S+$", script);
        CliAssert.StderrContains(result, "dry run: 3 trials, nothing submitted");
        Assert.False(File.Exists(sbatchLog), "a dry run called sbatch");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a dry run created a run");
        Assert.False(Directory.Exists(workspace.Combine("submissions")), "a dry run wrote a submission folder");

        // The default command is the one running now (the Debug build under dotnet), and no GPU line without GPUs.
        var plain = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--dry-run", "--shared-store"]);
        CliAssert.ExitCode(plain, 0);
        Assert.Contains($"{CliRunner.HostDll} run {sweep} --trial", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --array=0-2%3\n", plain.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --no-requeue\n", plain.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("--gpus", plain.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void SubmitKubernetesDryRunPrintsAnIndexedJobWithCredentialsFromTheSecret()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\nsweep:\n  seeds: [1, 2, 3]\n");
        const string token = "s3cr3t-token-value";
        const string password = "hunter2-password";

        var result = CliRunner.Run(
            workspace.Path,
            ["submit", sweep, "--to", "k8s", "--dry-run", "--max-parallel", "2", "--cpus-per-trial", "2", "--gpus-per-trial", "1", "--time", "01:30:00",
                "--image", "registry.lab/simlap:0.1", "--secret", "mlflow-creds", "--tracking-uri", "http://127.0.0.1:5000"],
            new Dictionary<string, string?> { ["MLFLOW_TRACKING_TOKEN"] = token, ["MLFLOW_TRACKING_USERNAME"] = "alice", ["MLFLOW_TRACKING_PASSWORD"] = password });

        CliAssert.ExitCode(result, 0);
        Assert.DoesNotContain(token, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(password, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", result.StandardOutput, StringComparison.Ordinal);

        var job = (YamlMappingNode)MlrunsStore.ParseYaml(result.StandardOutput);
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        var spec = Map(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        Assert.Equal("3", Scalar(spec, "completions"));
        Assert.Equal("2", Scalar(spec, "parallelism"));
        var pod = Map(Map(spec, "template"), "spec");
        Assert.Equal("5400", Scalar(pod, "activeDeadlineSeconds"));
        var container = (YamlMappingNode)Assert.Single(((YamlSequenceNode)pod.Children["containers"]).Children);
        Assert.Equal("registry.lab/simlap:0.1", Scalar(container, "image"));
        var args = ((YamlSequenceNode)container.Children["args"]).Children.Select(a => ((YamlScalarNode)a).Value).ToList();
        Assert.Equal(["run", sweep, "--trial", "$(JOB_COMPLETION_INDEX)", "--quiet"], args);
        Assert.Equal("2", Scalar(Map(Map(container, "resources"), "limits"), "cpu"));
        Assert.Equal("1", Scalar(Map(Map(container, "resources"), "limits"), "nvidia.com/gpu"));

        var env = ((YamlSequenceNode)container.Children["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        Assert.Equal("http://127.0.0.1:5000", Scalar(env["MLFLOW_TRACKING_URI"], "value"));
        Assert.True(env.ContainsKey("SIMLAP_PARENT_RUN_ID"));
        Assert.Equal("1", Scalar(env["SIMLAP_RESUME_TRIAL"], "value"));
        foreach (var secret in new[] { "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD" })
        {
            Assert.False(env[secret].Children.ContainsKey("value"), $"{secret} is inlined");
            var reference = Map(Map(env[secret], "valueFrom"), "secretKeyRef");
            Assert.Equal("mlflow-creds", Scalar(reference, "name"));
            Assert.Equal(secret, Scalar(reference, "key"));
        }

        Assert.False(Directory.Exists(workspace.MlrunsPath));
        Assert.False(Directory.Exists(workspace.Combine("submissions")));
    }

    /// <summary>Puts a fake tool in the workspace's bin/ that records its calls; returns the record's path.</summary>
    internal static string FakeTool(TestWorkspace workspace, string name)
    {
        var log = workspace.Combine($"{name}.calls");
        var path = workspace.Write(Path.Combine("bin", name), $"#!/bin/sh\necho \"$@\" >> '{log}'\necho 4242\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return log;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[key]).Value!;
}
