using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SimLap.Host.Tests;

/// <summary>
/// <c>simlap export --format safetensors</c> and <c>--register</c> on a trained run in a local store, their bad input,
/// and a failed model upload at the end of <c>simlap run</c> (the stored state agrees with the exit code).
/// </summary>
public sealed class ExportModelTests
{
    [Fact]
    public void ExportAsSafetensorsWritesTheSameBytesAsTheLoggedModelsBackbone()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace);
        var runId = Path.GetFileName(run);

        var result = CliRunner.Run(workspace.Path, "export", runId, "--format", "safetensors", "--out", workspace.Combine("backbone.safetensors"));

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, "safetensors", "safetensors.torch.load_file()");
        var exported = File.ReadAllBytes(workspace.Combine("backbone.safetensors"));
        var logged = File.ReadAllBytes(Path.Combine(ModelFolder(run), "artifacts", "data", "backbone.safetensors"));
        Assert.Equal(logged, exported);
        var header = Header(exported);
        Assert.Equal([8, 3, 3, 3], header.GetProperty("stages.conv1.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("F32", header.GetProperty("stages.conv1.weight").GetProperty("dtype").GetString());
    }

    [Fact]
    public void RegisterCreatesVersionsOfTheLoggedModelAndPointsTheAlias()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace);
        var runId = Path.GetFileName(run);

        var first = CliRunner.Run(workspace.Path, "export", runId, "--register", "tiny-encoder", "--alias", "champion");
        var second = CliRunner.Run(workspace.Path, "export", runId, "--register", "tiny-encoder");

        CliAssert.ExitCode(first, 0);
        CliAssert.ExitCode(second, 0);
        var modelId = MlrunsStore.ReadValue(run, "tags", "simlap.model_id");
        CliAssert.StdoutContains(first, $"registered model {modelId} of run {runId} as 'tiny-encoder' version 1 (alias 'champion')");
        CliAssert.StdoutContains(second, "as 'tiny-encoder' version 2");
        var registered = workspace.Combine("mlruns", "models", "tiny-encoder");
        Assert.Equal("models:/" + modelId, MlrunsStore.ReadMeta(Path.Combine(registered, "version-2", "meta.yaml"))["source"]);
        Assert.Equal("1", File.ReadAllText(Path.Combine(registered, "aliases", "champion")));
        Assert.False(File.Exists(workspace.Combine("backbone.bin")));
        // The registry folder is not an experiment: simlap runs still lists the one run.
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "runs"), 0);
    }

    [Theory]
    [InlineData("--format", "onnx", "--format 'onnx': not an export format; use safetensors or torchsharp.")]
    [InlineData("--alias", "champion", "--alias champion: an alias names a registered version; give --register NAME too.")]
    public void BadExportOptionsExitTwoNamingTheOption(string option, string value, string message)
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "export", "0123456789abcdef0123456789abcdef", option, value);

        CliAssert.ExitCode(result, 2);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, message);
    }

    [Fact]
    public void AReservedAliasOrARunWithoutAModelExitsTwoAndRegistersNothing()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace);

        var reserved = CliRunner.Run(workspace.Path, "export", Path.GetFileName(run), "--register", "tiny-encoder", "--alias", "v1");
        var unknown = CliRunner.Run(workspace.Path, "export", "0123456789abcdef0123456789abcdef", "--register", "tiny-encoder");

        CliAssert.ExitCode(reserved, 2);
        CliAssert.StderrContains(reserved, "--alias 'v1'", "reserves");
        CliAssert.ExitCode(unknown, 2);
        CliAssert.StderrContains(unknown, "there is no run '0123456789abcdef0123456789abcdef'");
        Assert.False(Directory.Exists(workspace.Combine("mlruns", "models")));
    }

    [Fact]
    public void AFailedModelUploadEndsTheRunFailedWithExitOneAndTheModelFailed()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, ["run", experiment], new Dictionary<string, string?> { ["SIMLAP_FAULT_WRITE"] = "model:1" });

        CliAssert.ExitCode(result, 1);
        CliAssert.NoStackTrace(result);
        CliAssert.StderrContains(result, "logging the trained encoder as model m-", "No space left on device");
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Failed, MlrunsStore.Status(run));
        Assert.Contains("No space left on device", MlrunsStore.ReadValue(run, "tags", "simlap.error"), StringComparison.Ordinal);
        var model = Assert.Single(Directory.GetDirectories(Path.Combine(Path.GetDirectoryName(run)!, "models")));
        Assert.Equal("FAILED", MlrunsStore.ReadMeta(Path.Combine(model, "meta.yaml"))["status"]);
        Assert.False(File.Exists(Path.Combine(run, "tags", "simlap.model_id")));
        Assert.False(Directory.Exists(Path.Combine(run, "outputs")));
        // The final evaluation is stored once, for the run only.
        Assert.Single(MlrunsStore.ReadMetric(run, "eval/knn/top1"));
        Assert.False(Directory.Exists(Path.Combine(model, "metrics", "eval")));
        Assert.Empty(Directory.EnumerateFiles(workspace.Path, "*.tmp", SearchOption.AllDirectories));
    }

    private static string Train(TestWorkspace workspace)
    {
        var result = CliRunner.Run(workspace.Path, "run", workspace.WriteTinyExperiment());
        CliAssert.ExitCode(result, 0);
        return Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
    }

    private static string ModelFolder(string run) =>
        Path.Combine(Path.GetDirectoryName(run)!, "models", MlrunsStore.ReadValue(run, "tags", "simlap.model_id"));

    /// <summary>The JSON header of a safetensors file: 8 bytes little-endian length, then that many bytes of JSON.</summary>
    private static JsonElement Header(byte[] file) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file))).RootElement.Clone();
}
