using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace SimLap.Bench;

/// <summary>One planned measurement: a group and label for the table, and the child's case arguments.</summary>
internal sealed record PlannedCase(string Group, string Label, string Name, string[] Args)
{
    /// <summary>Runs of this case when fewer than asked (the full-width ResNet-18 takes ~10 s a step on 2 cores).</summary>
    public int? MaxRuns { get; init; }

    /// <summary>How to start the child when it is not this program (the PyTorch reference's cases).</summary>
    public ProcessStartInfo? Command { get; init; }

    /// <summary>Another name <c>--only</c> selects the case by (the framework's rows of the PyTorch comparison: "pytorch").</summary>
    public string? Also { get; init; }

    /// <summary>Whether <c>--only</c> <paramref name="text"/> selects this case: its id, group or other name contains it.</summary>
    public bool Matches(string text) =>
        Id.Contains(text, StringComparison.OrdinalIgnoreCase) || Group.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (Also?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    public string Id => new CaseSettings(Args).Describe(Name);
}

/// <summary>A case's runs, summarised.</summary>
internal sealed record CaseSummary(PlannedCase Plan, IReadOnlyList<CaseResult> Runs, string? Error)
{
    public double Median => Runs.Count == 0 ? double.NaN : MedianOf(Runs.Select(r => r.Value));

    public double Min => Runs.Count == 0 ? double.NaN : Runs.Min(r => r.Value);

    public double Max => Runs.Count == 0 ? double.NaN : Runs.Max(r => r.Value);

    public double PeakRssMiB => Runs.Count == 0 ? double.NaN : MedianOf(Runs.Select(r => r.PeakRssMiB));

    public string Unit => Runs.FirstOrDefault()?.Unit ?? "";

    public double Extra(string key) => Runs.Count == 0 ? double.NaN : MedianOf(Runs.Select(r => r.Extra.GetValueOrDefault(key, double.NaN)));

    /// <summary>(max - min) / median, in %: how noisy the runs were.</summary>
    public double SpreadPercent => Runs.Count < 2 ? double.NaN : 100 * (Max - Min) / Math.Abs(Median);

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>A target of the issue, checked against the figures.</summary>
internal sealed record TargetCheck(string Name, string Figure, string Target, bool? Met);

/// <summary>Plans the cases, runs each in child processes (median of the runs), prints the table, writes JSON and CSV.</summary>
internal static class Orchestrator
{
    public static int Run(BenchOptions options)
    {
        string? missing = null;
        var pytorch = options.Python is { } python ? PyTorchReference.Find(python, out missing) : null;
        var plan = Plan(options.Quick).Concat(pytorch?.Cases(options.Quick) ?? []).Where(p => options.Only is null || p.Matches(options.Only)).ToList();
        if (options.List)
        {
            foreach (var p in plan)
            {
                Console.WriteLine($"{p.Group,-12} {p.Label,-44} --single {p.Id}");
            }

            return 0;
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        }

        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var machine = Machine.Describe();
        AnsiConsole.MarkupLine($"[bold]SimLap.Bench[/] {(options.Quick ? "quick" : "full")} · {plan.Count} cases × {options.Runs} run(s), each in its own process · {Markup.Escape(machine.Summary)}");
        AnsiConsole.MarkupLine(Markup.Escape(options.Python is null ? "PyTorch reference: off (--no-pytorch)" : pytorch is null ? $"PyTorch reference skipped: {missing}" : $"PyTorch reference: {pytorch.Summary}"));
        var summaries = RunRounds(plan, options.Runs);
        var targets = Targets(summaries);
        Print(summaries, targets, machine, clock.Elapsed);
        Directory.CreateDirectory(options.OutDirectory);
        var stamp = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = Path.Combine(options.OutDirectory, stamp + ".json");
        var csv = Path.Combine(options.OutDirectory, stamp + ".csv");
        File.WriteAllText(json, Json(summaries, targets, machine, pytorch, options, started, clock.Elapsed));
        File.WriteAllText(csv, Csv(summaries));
        AnsiConsole.MarkupLine($"written: {Markup.Escape(json)}, {Markup.Escape(csv)} ({clock.Elapsed.TotalMinutes:F1} min)");
        return summaries.Any(s => s.Error is not null) ? 1 : 0;
    }

    /// <summary>
    /// Runs every case <paramref name="runsPerCase"/> times (at most its <see cref="PlannedCase.MaxRuns"/>), round by
    /// round: every case once, then again. A shared VM's speed drifts over minutes, and runs of a case taken back to back
    /// would all catch the same phase; interleaved, each case's median spans the whole benchmark. A case that fails is not run again.
    /// </summary>
    private static List<CaseSummary> RunRounds(IReadOnlyList<PlannedCase> plan, int runsPerCase)
    {
        var runs = plan.Select(_ => new List<CaseResult>()).ToArray();
        var errors = new string?[plan.Count];
        var runCounts = plan.Select(p => Math.Min(runsPerCase, p.MaxRuns ?? int.MaxValue)).ToArray();
        for (var r = 0; r < runCounts.DefaultIfEmpty(0).Max(); r++)
        {
            for (var i = 0; i < plan.Count; i++)
            {
                if (r < runCounts[i] && errors[i] is null)
                {
                    errors[i] = RunOnce(plan[i], $"[[{i + 1}/{plan.Count}]]", $"{r + 1}/{runCounts[i]}", runs[i]);
                }
            }
        }

        return [.. plan.Select((p, i) => new CaseSummary(p, runs[i], errors[i]))];
    }

    /// <summary>One run of a case in a child process, added to <paramref name="runs"/> and printed; returns the failure, or null.</summary>
    private static string? RunOnce(PlannedCase planned, string position, string round, List<CaseResult> runs)
    {
        var watch = Stopwatch.StartNew();
        var (result, failure) = RunChild(planned);
        if (result is null)
        {
            AnsiConsole.MarkupLine($"[red]{position} {Markup.Escape(planned.Label)}: failed[/] {Markup.Escape(failure ?? "")}");
            return failure;
        }

        runs.Add(result);
        AnsiConsole.MarkupLine($"[grey]{position} {Markup.Escape(planned.Label)} run {round}: {result.Value.ToString("G4", CultureInfo.InvariantCulture)} {Markup.Escape(result.Unit)}, peak RSS {result.PeakRssMiB:F0} MiB ({watch.Elapsed.TotalSeconds:F1} s)[/]");
        return null;
    }

    /// <summary>Every case, in the order they run. Quick: fewer steps, a narrower ResNet, a shorter probe.</summary>
    public static IReadOnlyList<PlannedCase> Plan(bool quick)
    {
        var small = quick ? new[] { "warmup=3", "steps=15" } : ["warmup=3", "steps=20"];
        var resnetWidth = quick ? 16 : 64;
        var resnet = quick ? new[] { "warmup=2", "steps=15", $"width={resnetWidth}" } : ["warmup=1", "steps=3", $"width={resnetWidth}"];
        int? resnetRuns = quick ? null : 1;
        var tiny = quick ? new[] { "warmup=30", "steps=200" } : ["warmup=50", "steps=400"];
        var large = quick ? new[] { "warmup=1", "steps=3" } : ["warmup=2", "steps=10"];
        var probeEpochs = quick ? 10 : 100;
        var paired = quick ? new[] { "warmup=3", "steps=20" } : ["warmup=3", "steps=40"];

        // 20,000 PNGs of 64 px (234 MiB decoded) and a 32 MiB cache; quick: 5,000 (59 MiB) and 8 MiB, the same cache share.
        var (folderPerClass, folderCache) = quick ? (500, 8) : (2000, 32);
        var list = new List<PlannedCase>
        {
            new("training", "small-cnn: framework vs plain loop, step for step", "train-paired", ["model=small-cnn", .. paired]),
            new("training", "resnet18-cifar w16: framework vs plain loop, step for step", "train-paired", ["model=resnet18-cifar", "width=16", .. paired]),
            new("training", "small-cnn: plain TorchSharp loop (1)", "train-hand", ["model=small-cnn", .. small]),
            new("training", "small-cnn: framework, no augmentation (2)", "train-fw", ["model=small-cnn", "augment=none", "tracker=local", .. small]) { Also = "pytorch" },
            new("training", "small-cnn: framework, full loop (SimCLR views)", "train-fw", ["model=small-cnn", "augment=simclr", "tracker=local", .. small]) { Also = "pytorch" },
            new("training", $"resnet18-cifar w{resnetWidth}: plain TorchSharp loop (1)", "train-hand", ["model=resnet18-cifar", .. resnet]) { MaxRuns = resnetRuns },
            new("training", $"resnet18-cifar w{resnetWidth}: framework, no augmentation (2)", "train-fw", ["model=resnet18-cifar", "augment=none", "tracker=local", .. resnet]) { MaxRuns = resnetRuns },
            new("training", $"resnet18-cifar w{resnetWidth}: framework, full loop (SimCLR views)", "train-fw", ["model=resnet18-cifar", "augment=simclr", "tracker=local", .. resnet]) { MaxRuns = resnetRuns, Also = "pytorch" },
            new("roofline", "fp32 rate (conv 64->64 3x3, 32 px, batch 128), FLOPs per image, small-cnn step by phase", "roofline", quick ? ["warmup=2", "steps=6"] : ["warmup=3", "steps=10"]) { Also = "pytorch" },
            new("augment", "SimCLR views alone, 28 px, batch 256 (3)", "augment", ["model=small-cnn", quick ? "steps=8" : "steps=20"]),
            new("augment", "SimCLR views alone, 32 px, batch 128 (3)", "augment", ["model=resnet18-cifar", quick ? "steps=8" : "steps=20"]),
            new("evaluation", "kNN k=200, 10k train x 10k test (4)", "knn", ["train=10000", "test=10000"]) { Also = "pytorch" },
            new("evaluation", "kNN k=200, 50k train x 10k test (4)", "knn", ["train=50000", "test=10000"]),
            new("evaluation", $"linear probe (Adam, {probeEpochs} epochs), 10k train (4)", "probe", ["train=10000", "test=10000", $"epochs={probeEpochs}"]) { Also = "pytorch" },
            new("evaluation", $"linear probe (Adam, {probeEpochs} epochs), 50k train (4)", "probe", ["train=50000", "test=10000", $"epochs={probeEpochs}"]),
            new("logging", "tiny model (~3 ms steps), framework, no tracking", "train-fw", ["model=tiny", "augment=none", "tracker=null", .. tiny]),
            new("logging", "tiny model, framework, local file store (5)", "train-fw", ["model=tiny", "augment=none", "tracker=local", .. tiny]),
            new("logging", "tiny model, framework, REST to 127.0.0.1 (5)", "train-fw", ["model=tiny", "augment=none", "tracker=rest", .. tiny]),
            new("logging", "tracker calls alone: none (baseline)", "log", ["store=none", "steps=2000"]),
            new("logging", "tracker calls alone: local file store (5)", "log", ["store=local", "steps=2000"]),
            new("logging", "tracker calls alone: REST to 127.0.0.1 (5)", "log", ["store=rest", "steps=2000"]),
            new("training", "small-cnn: full loop, prefetch 2 (views on a producer thread)", "train-fw", ["model=small-cnn", "augment=simclr", "tracker=local", "prefetch=2", .. small]),
            new("training", $"resnet18-cifar w{resnetWidth}: full loop, prefetch 2 (views on a producer thread)", "train-fw", ["model=resnet18-cifar", "augment=simclr", "tracker=local", "prefetch=2", .. resnet]) { MaxRuns = resnetRuns },
            new("backbones", "resnet50 (ImageNet stem) 64 px, batch 16: framework, full loop (SimCLR views)", "train-fw", ["model=resnet50", "augment=simclr", "tracker=local", .. large]) { MaxRuns = 1 },
            new("backbones", "vit-tiny (patch 4) 32 px, batch 32: framework, full loop (SimCLR views)", "train-fw", ["model=vit-tiny", "augment=simclr", "tracker=local", .. large]) { MaxRuns = 1 },
            new("memory", "memory slope, tiny model, steps 1000-2000", "memory", ["steps=2000"]) { MaxRuns = 1 },
            new("data", $"image-folder, {10 * folderPerClass:N0} PNGs 64 px: storage memory (6)", "image-folder", ["storage=memory", $"per_class={folderPerClass}"]),
            new("data", $"image-folder, {10 * folderPerClass:N0} PNGs 64 px: storage stream, cache {folderCache} MiB (6)", "image-folder", ["storage=stream", $"per_class={folderPerClass}", $"cache_mb={folderCache}"]),
            new("data", $"image-folder, {10 * folderPerClass:N0} PNGs 64 px: storage stream, no cache (6)", "image-folder", ["storage=stream", $"per_class={folderPerClass}", "cache_mb=0"]),
            new("evaluation", "few-shot (ridge, 1/5/10/25 shots x 5) vs one small-cnn epoch (issue 20)", "evaluator-timing", ["evaluator=few-shot"]) { MaxRuns = 1 },
            new("evaluation", $"corruption (16 x 5, ridge, {(quick ? 2000 : 10000):N0} images) vs one small-cnn epoch (issue 20)", "evaluator-timing", ["evaluator=corruption", $"max_samples={(quick ? 2000 : 10000)}"]) { MaxRuns = 1 },
        };
        return list;
    }

    private static (CaseResult? Result, string? Error) RunChild(PlannedCase planned)
    {
        using var child = Process.Start(planned.Command ?? StartInfo(planned)) ?? throw new InvalidOperationException("cannot start the child process");
        var output = Collect(child, out var errors);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        if (!child.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            child.Kill(entireProcessTree: true);
            return (null, "timed out after 10 minutes");
        }

        child.WaitForExit();
        var result = output.ToString().Split('\n').Select(l => CaseResult.FromLine(l.TrimEnd('\r'))).LastOrDefault(r => r is not null);
        if (child.ExitCode != 0 || result is null)
        {
            var tail = string.Join(" | ", errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(6));
            return (null, $"exit code {child.ExitCode}: {tail}");
        }

        return (result, null);
    }

    /// <summary>This program again (through <c>dotnet</c> when it runs as a DLL) with <c>--single</c> and the case's arguments.</summary>
    private static ProcessStartInfo StartInfo(PlannedCase planned)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo
        {
            FileName = self,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
        }

        start.ArgumentList.Add("--single");
        start.ArgumentList.Add(planned.Name);
        foreach (var arg in planned.Args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>Collects the child's stdout (returned) and stderr (<paramref name="errors"/>) line by line, from the reader threads.</summary>
    private static StringBuilder Collect(Process child, out StringBuilder errors)
    {
        var output = new StringBuilder();
        var errorLines = new StringBuilder();
        child.OutputDataReceived += (_, e) => Append(output, e.Data);
        child.ErrorDataReceived += (_, e) => Append(errorLines, e.Data);
        errors = errorLines;
        return output;

        static void Append(StringBuilder text, string? line)
        {
            if (line is not null)
            {
                lock (text)
                {
                    text.AppendLine(line);
                }
            }
        }
    }

    /// <summary>The first case with these arguments that has runs; a prefetch depth must be asked for to match.</summary>
    internal static CaseSummary? Find(IEnumerable<CaseSummary> all, string name, params string[] args) =>
        all.FirstOrDefault(s => s.Plan.Name == name && args.All(a => s.Plan.Args.Contains(a)) && s.Runs.Count > 0
            && s.Plan.Args.Where(a => a.StartsWith("prefetch=", StringComparison.Ordinal)).All(args.Contains));

    /// <summary>The issue's targets, from the medians.</summary>
    public static IReadOnlyList<TargetCheck> Targets(IReadOnlyList<CaseSummary> all)
    {
        var checks = new List<TargetCheck>();
        TrainingTargets(all, checks);
        var smallStep = Find(all, "train-fw", "model=small-cnn", "augment=none", "tracker=local");
        TrackingTargets(all, smallStep, checks);
        if (Find(all, "memory") is { } memory)
        {
            checks.Add(new("memory over 2,000 steps", $"{Signed(memory.Median, 2)} MiB per 1000 steps over steps 1000-2000 ({Signed(memory.Extra("slope_after_warmup"), 1)} over 200-2000; RSS {memory.Extra("rss_first_mib"):F0} -> {memory.Extra("rss_last_mib"):F0} MiB)", "flat: |slope| < 1 MiB/1000 steps", Math.Abs(memory.Median) < 1));
        }

        ImageFolderTargets(all, smallStep, checks);
        PyTorchComparison.Add(all, checks);
        Roofline.AddTargets(all, checks);
        if (Find(all, "knn", "train=50000") is { } knn)
        {
            checks.Add(new("kNN 50k x 10k", $"{knn.Median / 1000:F1} s", "seconds (< 60 s)", knn.Median < 60_000));
        }

        return checks;
    }

    /// <summary>The framework against the plain loop, per model: step for step, in separate processes, and the full loop.</summary>
    private static void TrainingTargets(IReadOnlyList<CaseSummary> all, List<TargetCheck> checks)
    {
        foreach (var model in new[] { "small-cnn", "resnet18-cifar" })
        {
            if (Find(all, "train-paired", $"model={model}") is { } paired)
            {
                var mean = paired.Extra("ratio_of_means_percent");
                checks.Add(new(
                    $"{model}{(paired.Plan.Args.Contains("width=16") ? " w16" : "")}: framework (2) vs plain loop (1), step for step in one process",
                    $"{paired.Median:F1}% of the plain loop's images/s (median steps; mean steps {mean:F1}%, 95% interval {paired.Extra("ci95_low_percent"):F1}-{paired.Extra("ci95_high_percent"):F1}%; {paired.Extra("pairs"):F0} pairs, {paired.Extra("framework_ms_per_step"):F1} vs {paired.Extra("plain_ms_per_step"):F1} ms)",
                    ">= 97%",
                    paired.Median >= 97 && mean >= 97));
            }

            var hand = Find(all, "train-hand", $"model={model}");
            var plain = Find(all, "train-fw", $"model={model}", "augment=none", "tracker=local");
            var full = Find(all, "train-fw", $"model={model}", "augment=simclr", "tracker=local");
            if (hand is not null && plain is not null)
            {
                var ratio = plain.Median / hand.Median;
                checks.Add(new($"{model}: framework (2) vs plain loop (1), separate processes", $"{100 * ratio:F1}% of the plain loop's images/s (medians of runs taken minutes apart)", ">= 97%", ratio >= 0.97));
            }

            if (hand is not null && full is not null)
            {
                var ratio = full.Median / hand.Median;
                checks.Add(new($"{model}: full loop vs the step alone", $"{100 * ratio:F1}% of the plain loop's images/s", ">= 90%", ratio >= 0.90));
            }
        }
    }

    /// <summary>What tracking costs a training step (the real trainer on the tiny model) and the tracker calls alone, per store.</summary>
    private static void TrackingTargets(IReadOnlyList<CaseSummary> all, CaseSummary? smallStep, List<TargetCheck> checks)
    {
        var tinyNone = Find(all, "train-fw", "model=tiny", "tracker=null");
        foreach (var store in new[] { "local", "rest" })
        {
            // The real trainer on a model small enough for tracking to show: per-step cost = step time with the store - without.
            if (tinyNone is not null && Find(all, "train-fw", "model=tiny", $"tracker={store}") is { } tiny)
            {
                var costUs = 1000 * (tiny.Extra("ms_per_step") - tinyNone.Extra("ms_per_step"));
                var tinyShare = 100 * costUs / (1000 * tinyNone.Extra("ms_per_step"));
                var smallShare = smallStep is null ? double.NaN : 100 * costUs / (1000 * smallStep.Extra("ms_per_step"));
                checks.Add(new(
                    $"tracking ({store}) per training step",
                    $"{Signed(costUs, 0)} us/step: {Signed(smallShare, 2)}% of a small-cnn step, {Signed(tinyShare, 1)}% of a tiny-model step ({tinyNone.Extra("ms_per_step"):F1} ms)",
                    "< 1% of a small-cnn step",
                    double.IsNaN(smallShare) ? null : smallShare < 1));
            }

            if (Find(all, "log", $"store={store}") is { } calls && smallStep is not null)
            {
                var cpu = calls.Extra("cpu_us_per_step") - (Find(all, "log", "store=none")?.Extra("cpu_us_per_step") ?? 0);
                var share = 100 * (cpu + calls.Median) / (1000 * smallStep.Extra("ms_per_step"));
                checks.Add(new($"tracker calls alone ({store}): CPU per step", $"{cpu + calls.Median:F0} us ({calls.Median:F1} us on the training thread): {share:F3}% of a small-cnn step", "< 1% of a small-cnn step", share < 1));
            }
        }
    }

    /// <summary>The image-folder storages: streaming against training speed, the cache, and peak memory against storage: memory.</summary>
    private static void ImageFolderTargets(IReadOnlyList<CaseSummary> all, CaseSummary? smallStep, List<TargetCheck> checks)
    {
        if (all.FirstOrDefault(s => s.Plan.Name == "image-folder" && s.Plan.Args.Contains("storage=stream") && !s.Plan.Args.Contains("cache_mb=0") && s.Runs.Count > 0) is { } stream)
        {
            // Decoding runs on the prefetch thread, on the cores the step uses: the share of their time it needs to keep up.
            var trainRate = smallStep?.Median ?? 1000;
            var source = smallStep is null ? "~1,000 images/s, nominal: the training cases did not run" : $"{trainRate:F0} images/s, measured";
            checks.Add(new(
                "image-folder stream: decoding vs a small-cnn step",
                $"{stream.Median:F0} images/s (epoch 1 {stream.Extra("epoch1_images_per_s"):F0}, epoch 2 {stream.Extra("epoch2_images_per_s"):F0}; {stream.Extra("epoch1_ms_per_batch"):F0} ms a batch of {stream.Extra("batch"):F0}): feeding small-cnn ({source}) takes {100 * trainRate / stream.Median:F0}% of the cores",
                "faster than small-cnn trains",
                stream.Median > trainRate));
            if (Find(all, "image-folder", "storage=stream", "cache_mb=0") is { } uncached)
            {
                // The cache keeps the first images decoded: with shuffled epochs, expected hits in epoch 2 ~ cached / images.
                var hits = 100 * (1 - ((stream.Extra("decoded_images_after_epoch2") - stream.Extra("decoded_images_after_epoch1")) / stream.Extra("decoded_images_after_epoch1")));
                checks.Add(new(
                    "image-folder stream: what the cache buys",
                    $"cache {stream.Extra("cache_mb"):F0} MiB: {hits:F1}% hits in epoch 2, {stream.Median:F0} images/s, peak RSS {stream.PeakRssMiB:F0} MiB; no cache: {uncached.Median:F0} images/s, {uncached.PeakRssMiB:F0} MiB",
                    "information only",
                    null));
            }

            if (Find(all, "image-folder", "storage=memory") is { } inMemory)
            {
                var streamGrowth = stream.PeakRssMiB - stream.Extra("rss_before_load_mib");
                var memoryGrowth = inMemory.PeakRssMiB - inMemory.Extra("rss_before_load_mib");
                checks.Add(new(
                    "image-folder stream vs memory: peak RSS",
                    $"stream {stream.PeakRssMiB:F0} MiB (+{streamGrowth:F0} over the {stream.Extra("rss_before_load_mib"):F0} MiB before loading; cache {stream.Extra("cache_mb"):F0} MiB), memory {inMemory.PeakRssMiB:F0} MiB (+{memoryGrowth:F0}; {inMemory.Extra("decoded_mib"):F0} MiB decoded in {inMemory.Extra("load_s"):F1} s, then {inMemory.Median:F0} images/s)",
                    "stream grows less than memory",
                    streamGrowth < memoryGrowth));
            }
        }
    }

    private static void Print(IReadOnlyList<CaseSummary> all, IReadOnlyList<TargetCheck> targets, Machine machine, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"SimLap.Bench · {Markup.Escape(machine.Summary)}")
            .AddColumns("group", "measurement", "median", "unit", "runs (min–max)", "peak RSS MiB", "device", "threads");
        foreach (var s in all)
        {
            var value = s.Runs.Count == 0 ? $"[red]{Markup.Escape(s.Error ?? "no result")}[/]" : Format(s.Median);
            var spread = s.Runs.Count < 2 ? s.Runs.Count.ToString(CultureInfo.InvariantCulture) : $"{s.Runs.Count} ({Format(s.Min)}–{Format(s.Max)})";
            var first = s.Runs.FirstOrDefault();
            table.AddRow(s.Plan.Group, Markup.Escape(s.Plan.Label), value, Markup.Escape(s.Unit), spread, s.Runs.Count == 0 ? "" : s.PeakRssMiB.ToString("F0", CultureInfo.InvariantCulture), first?.Device ?? "", first?.Threads.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        AnsiConsole.Write(table);
        var checks = new Table().Border(TableBorder.Rounded).Title("targets").AddColumns("target", "measured", "wanted", "met");
        foreach (var t in targets)
        {
            checks.AddRow(Markup.Escape(t.Name), Markup.Escape(t.Figure), Markup.Escape(t.Target), t.Met switch { true => "[green]yes[/]", false => "[red]no[/]", _ => "?" });
        }

        AnsiConsole.Write(checks);
        AnsiConsole.MarkupLine($"[grey]{elapsed.TotalMinutes:F1} min in all[/]");
    }

    /// <summary>A value with its sign (+ for positive), rounded to <paramref name="decimals"/>; a value that rounds to zero has none.</summary>
    private static string Signed(double value, int decimals)
    {
        var rounded = Math.Round(value, decimals);
        var text = (rounded == 0 ? 0 : rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return rounded > 0 ? "+" + text : text;
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
        : value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Json(IReadOnlyList<CaseSummary> all, IReadOnlyList<TargetCheck> targets, Machine machine, PyTorchReference? pytorch, BenchOptions options, DateTimeOffset started, TimeSpan elapsed)
    {
        var document = new
        {
            started = started.ToString("O", CultureInfo.InvariantCulture),
            minutes = Math.Round(elapsed.TotalMinutes, 2),
            mode = options.Quick ? "quick" : "full",
            runs_per_case = options.Runs,
            machine,
            pytorch = pytorch?.Info,
            results = all.Select(s => new
            {
                group = s.Plan.Group,
                label = s.Plan.Label,
                @case = s.Plan.Id,
                median = s.Median,
                unit = s.Unit,
                min = s.Min,
                max = s.Max,
                spread_percent = s.SpreadPercent,
                peak_rss_mib = s.PeakRssMiB,
                device = s.Runs.FirstOrDefault()?.Device,
                threads = s.Runs.FirstOrDefault()?.Threads,
                values = s.Runs.Select(r => r.Value).ToArray(),
                extra = s.Runs.FirstOrDefault()?.Extra.Keys.ToDictionary(k => k, s.Extra),
                error = s.Error,
            }),
            targets = targets.Select(t => new { name = t.Name, measured = t.Figure, wanted = t.Target, met = t.Met }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions(CaseResult.Json) { WriteIndented = true });
    }

    private static string Csv(IReadOnlyList<CaseSummary> all)
    {
        var text = new StringBuilder("group,label,case,median,unit,min,max,spread_percent,peak_rss_mib,device,threads,runs\n");
        foreach (var s in all)
        {
            var first = s.Runs.FirstOrDefault();
            text.AppendJoin(',', [
                s.Plan.Group, Quote(s.Plan.Label), Quote(s.Plan.Id), Num(s.Median), Quote(s.Unit), Num(s.Min), Num(s.Max), Num(s.SpreadPercent), Num(s.PeakRssMiB),
                first?.Device ?? "", first?.Threads.ToString(CultureInfo.InvariantCulture) ?? "", s.Runs.Count.ToString(CultureInfo.InvariantCulture),
            ]).Append('\n');
        }

        return text.ToString();

        static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        static string Num(double value) => double.IsNaN(value) ? "" : value.ToString("G6", CultureInfo.InvariantCulture);
    }
}
