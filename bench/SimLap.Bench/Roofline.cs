namespace SimLap.Bench;

/// <summary>The roofline lines: each training figure's FLOP rate as a share of the machine's measured convolution rate, and the small CNN's step by phase.</summary>
internal static class Roofline
{
    /// <summary>The share of the convolution rate the small CNN's full loop should reach (issue #20).</summary>
    public const double SmallCnnTarget = 0.65;

    /// <summary>Adds the roofline lines the figures allow (the roofline case must have run).</summary>
    public static void AddTargets(IReadOnlyList<CaseSummary> all, List<TargetCheck> checks)
    {
        if (Orchestrator.Find(all, "roofline") is not { } roofline)
        {
            return;
        }

        var conv = roofline.Median;
        checks.Add(new(
            "machine fp32 rate, all threads",
            $"convolution {conv:F0} GFLOP/s (forward {roofline.Extra("conv_forward_gflops"):F0}, forward + backward {roofline.Extra("conv_training_gflops"):F0}; 64->64 3x3, 32 px, batch 128), 4096 x 4096 matmul {roofline.Extra("matmul_gflops"):F0} GFLOP/s",
            "information",
            null));
        foreach (var s in all.Where(s => s.Runs.Count > 0 && s.Unit == "images/s" && s.Plan.Args.Any(a => a is "model=small-cnn" or "model=resnet18-cifar")))
        {
            var key = s.Plan.Args.Contains("model=small-cnn") ? "small-cnn" : $"resnet18-cifar-{s.Plan.Args.FirstOrDefault(a => a.StartsWith("width=", StringComparison.Ordinal))?.Replace("=", "", StringComparison.Ordinal) ?? "w64"}";
            var mflop = roofline.Extra($"{key}_mflop_per_image");
            if (double.IsNaN(mflop) || s.Plan.Name == "augment")
            {
                continue;
            }

            var share = s.Median * mflop / 1000 / conv;
            var fullSmall = key == "small-cnn" && s.Plan.Name == "train-fw" && s.Plan.Args.Contains("augment=simclr") && !s.Plan.Args.Any(a => a.StartsWith("prefetch=", StringComparison.Ordinal));
            checks.Add(new(
                $"roofline: {s.Plan.Label}",
                $"{s.Median:F1} images/s x {mflop:F1} MFLOP per image = {s.Median * mflop / 1000:F1} GFLOP/s, {100 * share:F0}% of the convolution rate",
                fullSmall ? $">= {100 * SmallCnnTarget:F0}%" : "information",
                fullSmall ? share >= SmallCnnTarget : null));
        }

        var phases = RooflineCase.Phases.Select(p => $"{p.Replace('_', ' ')} {roofline.Extra($"small-cnn_{p}_ms"):F1}");
        var convRate = 256 * roofline.Extra("small-cnn_conv_mflop_per_image") / roofline.Extra("small-cnn_convolutions_ms");
        checks.Add(new(
            "small-cnn full step by phase (ms, medians; hand-written networks, plugin views)",
            $"{string.Join(", ", phases)}; sum {roofline.Extra("small-cnn_sum_ms"):F1} ms; its convolutions alone run at {convRate:F0} GFLOP/s ({100 * convRate / conv:F0}%)",
            "information",
            null));
    }
}
