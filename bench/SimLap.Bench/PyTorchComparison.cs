namespace SimLap.Bench;

/// <summary>The framework against the PyTorch reference: one line per case, with PyTorch as installed and with the engine's allocator settings.</summary>
internal static class PyTorchComparison
{
    /// <summary>Adds the ratios framework / PyTorch (speed: images/s, or the inverse of the time) that the figures allow.</summary>
    public static void Add(IReadOnlyList<CaseSummary> all, List<TargetCheck> checks)
    {
        foreach (var (model, augment, what) in new[] { ("small-cnn", "none", "training step, no augmentation"), ("small-cnn", "simclr", "full loop"), ("resnet18-cifar", "simclr", "full loop") })
        {
            var framework = Orchestrator.Find(all, "train-fw", $"model={model}", $"augment={augment}", "tracker=local");
            var (installed, tuned) = (Reference(all, "pytorch-train", $"model={model}", $"augment={augment}", "malloc=system"), Reference(all, "pytorch-train", $"model={model}", $"augment={augment}", "malloc=tuned"));
            if (framework is not null && (installed ?? tuned) is not null)
            {
                checks.Add(new($"{model} {what}: framework / PyTorch", $"framework {framework.Median:F1} images/s; {Versus(framework.Median, installed, tuned, faster: true)}", "information", null));
            }
        }

        foreach (var (name, what) in new[] { ("knn", "kNN k=200, 10k x 10k"), ("probe", "linear probe, 10k train") })
        {
            var framework = Orchestrator.Find(all, name, "train=10000");
            var (installed, tuned) = (Reference(all, "pytorch-" + name, "train=10000", "malloc=system"), Reference(all, "pytorch-" + name, "train=10000", "malloc=tuned"));
            if (framework is not null && (installed ?? tuned) is not null)
            {
                checks.Add(new($"{what}: framework / PyTorch (speed)", $"framework {framework.Median:F0} ms; {Versus(framework.Median, installed, tuned, faster: false)}", "information", null));
            }
        }
    }

    private static CaseSummary? Reference(IReadOnlyList<CaseSummary> all, string name, params string[] args) =>
        all.FirstOrDefault(s => s.Plan.Name == name && args.All(a => s.Plan.Args.Contains(a)) && s.Runs.Count > 0);

    /// <summary>"PyTorch as installed X (ratio), with the engine's malloc settings Y (ratio)"; for times (<paramref name="faster"/> false) the ratio is PyTorch's time / the framework's.</summary>
    private static string Versus(double framework, CaseSummary? installed, CaseSummary? tuned, bool faster)
    {
        string Part(string label, CaseSummary? s) => s is null ? $"{label}: not run" :
            $"{label} {s.Median:F1} {s.Unit} ({(faster ? framework / s.Median : s.Median / framework):F2}x)";
        return $"{Part("PyTorch as installed", installed)}, {Part("with the engine's malloc settings", tuned)}";
    }
}
