using System.Diagnostics;
using System.Text.Json;

namespace SimLap.Bench;

/// <summary>
/// The PyTorch reference (issue #20): bench/pytorch/simlap_bench.py, the bench's networks, views, loss and evaluators in
/// plain PyTorch, run with Debian's python3-torch as a child process beside the framework's cases, each case twice:
/// with glibc's allocator as installed, and with the settings the engine applies by itself (<c>malloc=tuned</c>:
/// <see cref="SimLap.Engine.Training.NativeAllocator"/>'s mallopt calls, made by the script before torch is loaded).
/// </summary>
internal sealed class PyTorchReference
{
    /// <summary>The names of the cases the script runs start with this.</summary>
    public const string CasePrefix = "pytorch-";

    /// <summary>How to install what the script needs, for the message when it is missing.</summary>
    public const string Install = "DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch libopenblas0-pthread";

    private PyTorchReference(string python, string script, JsonElement info)
    {
        Python = python;
        Script = script;
        Info = info;
    }

    /// <summary>The interpreter.</summary>
    public string Python { get; }

    /// <summary>The script's path.</summary>
    public string Script { get; }

    /// <summary>What the script reports about its torch: version, BLAS, oneDNN, the libraries mapped, the build config.</summary>
    public JsonElement Info { get; }

    /// <summary>One line: torch version, BLAS and oneDNN.</summary>
    public string Summary
    {
        get
        {
            var mapped = Info.GetProperty("mapped_libraries").EnumerateArray().Select(e => Path.GetFileName(e.GetString() ?? "")).Where(n => n.Contains("blas", StringComparison.Ordinal) || n.Contains("dnnl", StringComparison.Ordinal));
            return $"PyTorch {Info.GetProperty("torch").GetString()} (BLAS_INFO={Info.GetProperty("blas_info").GetString()}: {string.Join(", ", mapped)}; {Info.GetProperty("onednn").GetString()})";
        }
    }

    /// <summary>
    /// The reference, when <paramref name="python"/> can import torch and the script is found (beside the repository
    /// this program was built from); otherwise null and, in <paramref name="why"/>, one line saying what is missing.
    /// </summary>
    public static PyTorchReference? Find(string python, out string? why)
    {
        var script = ScriptPath();
        if (script is null)
        {
            why = "bench/pytorch/simlap_bench.py not found above " + AppContext.BaseDirectory;
            return null;
        }

        var (code, output) = Execute(python, [script, "info"], TimeSpan.FromMinutes(1));
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH-INFO ", StringComparison.Ordinal));
        if (code != 0 || line is null)
        {
            why = $"{python} cannot import torch (install: {Install})";
            return null;
        }

        why = null;
        return new PyTorchReference(python, script, JsonDocument.Parse(line["BENCH-INFO ".Length..]).RootElement.Clone());
    }

    /// <summary>The script's case <paramref name="name"/> (without the prefix) with its key=value arguments.</summary>
    public ProcessStartInfo StartInfo(string name, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo { FileName = Python, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(name[CasePrefix.Length..]);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>The PyTorch rows of the plan: each case as installed and with the engine's allocator settings.</summary>
    public IEnumerable<PlannedCase> Cases(bool quick)
    {
        var small = quick ? new[] { "warmup=3", "steps=15" } : ["warmup=3", "steps=20"];
        var resnetWidth = quick ? 16 : 64;
        var resnet = quick ? new[] { "warmup=2", "steps=15", $"width={resnetWidth}" } : ["warmup=1", "steps=3", $"width={resnetWidth}"];
        var probeEpochs = quick ? 10 : 100;
        foreach (var (malloc, label) in new[] { ("system", "as installed"), ("tuned", "engine's malloc settings") })
        {
            yield return Case($"small-cnn: PyTorch, no augmentation, {label}", "pytorch-train", ["model=small-cnn", "augment=none", $"malloc={malloc}", .. small]);
            yield return Case($"small-cnn: PyTorch, full loop (SimCLR views), {label}", "pytorch-train", ["model=small-cnn", "augment=simclr", $"malloc={malloc}", .. small]);
            yield return Case($"resnet18-cifar w{resnetWidth}: PyTorch, full loop (SimCLR views), {label}", "pytorch-train", ["model=resnet18-cifar", "augment=simclr", $"malloc={malloc}", .. resnet]) with { MaxRuns = quick ? null : 1 };
            yield return Case($"kNN k=200, 10k train x 10k test: PyTorch, {label}", "pytorch-knn", ["train=10000", "test=10000", $"malloc={malloc}"]);
            yield return Case($"linear probe (Adam, {probeEpochs} epochs), 10k train: PyTorch, {label}", "pytorch-probe", ["train=10000", "test=10000", $"epochs={probeEpochs}", $"malloc={malloc}"]);
        }
    }

    private PlannedCase Case(string label, string name, string[] args) => new("pytorch", label, name, args) { Command = StartInfo(name, args) };

    /// <summary>bench/pytorch/simlap_bench.py in the first folder above this program's that has it.</summary>
    private static string? ScriptPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "bench", "pytorch", "simlap_bench.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (int Code, string Output) Execute(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo { FileName = file, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return (-1, "");
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "");
            }

            return (process.ExitCode, output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
