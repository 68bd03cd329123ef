using SimLap.Engine.Tests.TestSupport;
using Xunit.Abstractions;

namespace SimLap.Engine.Tests.Fuzz;

/// <summary>
/// Hostile and randomly broken experiment files and overrides, through the loader, the sweep expander, the binder
/// and the pre-run checks in-process: each ends in success or a clean located error within 5 s, never a crash.
/// </summary>
public sealed class ConfigFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int MutationCases = 2000;

    private static readonly string[] HostileOverrides =
    [
        "train.epochs=-5", "train.epochs=abc", "train.epochs=[1, 2]", "train.epochs={a: 1}", "train.epochs=", "train.epochs",
        "=3", ".=3", "a..b=1", "train..epochs=1", "eval.99.k=3", "eval.x.k=3", "seed.x=1", "device=cuda:99", "device=gpu",
        "tracking.uri=ftp://x", "tracking.uri=http://", "head.type=nonexistent", "loss={type: [1]}", "data=[]", "sweep={seeds: []}",
        "sweep={random: {n: 0}}", "sweep=3", "extends=x.yaml", "name=" + new string('n', 8000), "train.optimizer.lr=1e999",
        "augment.crop_scale=[" + string.Join(",", Enumerable.Repeat("0.5", 2000)) + "]", string.Concat(Enumerable.Repeat("a.", 5000)) + "b=1",
        "train.epochs=*alias", "train.epochs=&a 1", "train.epochs=!!binary AA==", "eval=[{type: knn, k: -1}]", "plugins={pins: 5}",
        "train.epochs=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "seed=\0", "name=\t", "threads=-1", "threads=100000",
    ];

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void EveryCaseOfTheMalformedYamlCorpusEndsInSuccessOrACleanLocatedError()
    {
        var quickstart = Path.Combine(RealPlugins.RepositoryRoot, "experiments", "quickstart.yaml");
        foreach (var (path, text) in MalformedYamlCorpus.Parents())
        {
            folder.Write(path, text);
        }

        var runner = new FuzzRunner();
        var file = folder.Combine("case.yaml");
        foreach (var (name, bytes) in MalformedYamlCorpus.Cases())
        {
            var text = System.Text.Encoding.UTF8.GetBytes(MalformedYamlCorpus.Quickstart);
            File.WriteAllBytes(file, bytes.AsSpan().StartsWith(text) ? [.. System.Text.Encoding.UTF8.GetBytes($"extends: {quickstart}\n"), .. bytes[text.Length..]] : bytes);
            runner.Run(name, file);
        }

        output.WriteLine($"malformed corpus: {runner.Figures}");
        Assert.True(runner.Failures.Count == 0, string.Join(Environment.NewLine, runner.Failures));
        Assert.True(runner.CleanErrors >= 70, runner.Figures);
    }

    [Fact]
    public void HostileOverridesOnTheQuickstartEndInSuccessOrACleanLocatedError()
    {
        var quickstart = Path.Combine(RealPlugins.RepositoryRoot, "experiments", "quickstart.yaml");
        var runner = new FuzzRunner();
        foreach (var assignment in HostileOverrides)
        {
            runner.Run($"--set {assignment[..Math.Min(60, assignment.Length)]}", quickstart, assignment);
        }

        output.WriteLine($"hostile overrides: {runner.Figures}");
        Assert.True(runner.Failures.Count == 0, string.Join(Environment.NewLine, runner.Failures));
        Assert.True(runner.CleanErrors >= HostileOverrides.Length - 5, runner.Figures);
    }

    [Fact]
    public void RandomMutationsOfTheShippedExperimentsEndInSuccessOrACleanLocatedError()
    {
        // A copy of experiments/, so mutated files sit beside the parents they extend.
        var source = Path.Combine(RealPlugins.RepositoryRoot, "experiments");
        var files = Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var original in files)
        {
            folder.Write(Path.GetRelativePath(source, original), File.ReadAllText(original));
        }

        var runner = new FuzzRunner();
        for (var i = 0; i < MutationCases; i++)
        {
            var original = files[i % files.Count];
            var relative = Path.GetRelativePath(source, original);
            var mutated = new YamlMutator(seed: i).Mutate(File.ReadAllText(original));
            var path = Path.Combine(Path.GetDirectoryName(folder.Combine(relative))!, "fuzz-case.yaml");
            File.WriteAllText(path, mutated);
            runner.Run($"case {i} (seed {i}, {relative})", path);
        }

        output.WriteLine($"mutations: {runner.Figures}");
        Assert.True(runner.Failures.Count == 0, $"{runner.Figures}{Environment.NewLine}{string.Join(Environment.NewLine, runner.Failures.Take(20))}");
        Assert.True(runner.CleanErrors > MutationCases / 4, runner.Figures);
    }
}
