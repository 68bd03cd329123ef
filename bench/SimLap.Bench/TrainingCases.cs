using System.Diagnostics;
using SimLap.Engine.Running;
using SimLap.Engine.Training;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>Training throughput: the plain loop, the framework, and the memory slope of a long run.</summary>
internal static class TrainingCases
{
    /// <summary>(1) The plain TorchSharp loop (<see cref="HandLoop"/>), timed step by step.</summary>
    public static CaseResult Hand(CaseSettings settings)
    {
        var model = ModelSpec.For(settings.Text("model", "small-cnn"), settings.Int("width", 64));
        var warmup = settings.Int("warmup", 3);
        var total = warmup + settings.Int("steps", 20);
        var threads = DeviceSelection.ConfigureCpuRuntime(0);
        using var hand = new HandLoop(model, total);
        var marks = new double[total + 1];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            hand.Step(i);
            marks[i + 1] = clock.Elapsed.TotalSeconds;
        }

        hand.ReadPending();
        return Throughput(Id("train-hand", settings), marks, warmup, total, model.Batch, threads, new() { ["final_loss"] = hand.LastLoss });
    }

    /// <summary>
    /// (2) The same training through the framework: the experiment resolved from YAML with the core plugin's
    /// components, <see cref="ExperimentRunner"/>, tracking (local store in a temp folder, a fake REST server, or
    /// none), and a line progress reporter. Throughput is timed between step marks reported by the trainer.
    /// </summary>
    public static CaseResult Framework(CaseSettings settings)
    {
        var model = ModelSpec.For(settings.Text("model", "small-cnn"), settings.Int("width", 64));
        var warmup = settings.Int("warmup", 3);
        var total = warmup + settings.Int("steps", 20);
        var tracker = settings.Text("tracker", "local");
        var folder = BenchSetup.TempFolder("fw");
        try
        {
            using var server = tracker == "rest" ? new FakeMlflowServer() : null;
            var reporter = new TimingReporter(total);
            var summary = RunFramework(settings, model, total, "simclr", folder, server, reporter);
            var extra = new Dictionary<string, double> { ["final_loss"] = summary.FinalLoss };
            if (server is not null)
            {
                extra["log_batch_requests"] = server.LogBatchRequests;
            }

            return Throughput(Id("train-fw", settings), reporter.Marks, warmup, total, model.Batch, torch.get_num_threads(), extra);
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>
    /// (1) and (2) in one process, step for step: after each framework step the trainer reports, the progress reporter
    /// runs one step of the plain loop on the same thread. Alternating at every step, both see the machine at the same
    /// moment (a shared VM's speed moves by up to 10% between runs), so the ratio measures the framework's cost and
    /// not the neighbours'. A framework step is timed from the end of the plain step before it to its own report, so it
    /// carries all the framework does per step (on the CPU, by default, the batch is gathered and converted on the
    /// training thread too). The headline: the framework's images/s as % of the plain loop's (median step times), with a
    /// bootstrap 95% interval of the ratio of mean step times over the pairs.
    /// </summary>
    public static CaseResult Paired(CaseSettings settings)
    {
        var model = ModelSpec.For(settings.Text("model", "small-cnn"), settings.Int("width", 64));
        var warmup = settings.Int("warmup", 3);
        var total = warmup + settings.Int("steps", 20);
        var folder = BenchSetup.TempFolder("paired");
        try
        {
            using var hand = new HandLoop(model, total);
            var reporter = new TimingReporter(total) { AfterStep = step => hand.Step((int)step - 1) };
            var summary = RunFramework(settings, model, total, "none", folder, null, reporter);
            hand.ReadPending();

            var steps = Enumerable.Range(warmup + 1, total - warmup).ToList();
            var framework = steps.Select(reporter.StepSeconds).ToArray();
            var plain = steps.Select(reporter.AfterStepSeconds).ToArray();
            var (low, high) = BootstrapRatio(plain, framework);
            return new CaseResult
            {
                Case = Id("train-paired", settings),
                Value = 100 * CaseSummary.MedianOf(plain) / CaseSummary.MedianOf(framework),
                Unit = "% of plain",
                Threads = torch.get_num_threads(),
                Extra = new()
                {
                    ["ratio_of_means_percent"] = 100 * plain.Average() / framework.Average(),
                    ["ci95_low_percent"] = 100 * low,
                    ["ci95_high_percent"] = 100 * high,
                    ["framework_ms_per_step"] = 1000 * CaseSummary.MedianOf(framework),
                    ["plain_ms_per_step"] = 1000 * CaseSummary.MedianOf(plain),
                    ["pairs"] = steps.Count,
                    ["final_loss"] = summary.FinalLoss,
                    ["plain_final_loss"] = hand.LastLoss,
                },
            };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>
    /// The resident memory over a long run of a tiny model through the framework (local tracking, SimCLR views,
    /// online probe, an epoch every 50 steps): RSS sampled every 10 steps; the headline is the slope of a least-squares
    /// line over the second half of the run, in MiB per 1000 steps (the first ~1,000 steps grow the allocator's pools
    /// by ~15 MiB and then level off; the slope after step 200 and over the first half are reported beside it).
    /// </summary>
    public static CaseResult MemorySlope(CaseSettings settings)
    {
        var model = ModelSpec.For("tiny", 0);
        var steps = settings.Int("steps", 2000);
        var stepsPerEpoch = 50;
        var epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
        var folder = BenchSetup.TempFolder("memory");
        try
        {
            var experiment = BenchSetup.Experiment(folder, model, BenchSetup.AugmentYaml("simclr"), stepsPerEpoch, epochs, (stepsPerEpoch * model.Batch / ModelSpec.Classes) + 1, settings.OptionalInt("prefetch"), onlineProbe: true);
            var backend = new LocalFileStore(Path.Combine(folder, "mlruns"));
            var reporter = new TimingReporter(epochs * stepsPerEpoch) { SampleMemoryEvery = 10 };
            new ExperimentRunner(backend, BenchSetup.Loggers, reporter).Run(experiment, CancellationToken.None);
            var samples = reporter.Memory.Where(s => s.Step >= Math.Min(200, steps / 10)).ToList();
            var (slope, _) = LinearFit(samples.Select(s => (double)s.Step).ToList(), samples.Select(s => s.RssMiB).ToList());
            var half = epochs * stepsPerEpoch / 2;
            var firstHalf = samples.Where(s => s.Step < half).ToList();
            var secondHalf = reporter.Memory.Where(s => s.Step >= half).ToList();
            var (early, _) = LinearFit(firstHalf.Select(s => (double)s.Step).ToList(), firstHalf.Select(s => s.RssMiB).ToList());
            var (late, _) = LinearFit(secondHalf.Select(s => (double)s.Step).ToList(), secondHalf.Select(s => s.RssMiB).ToList());
            if (settings.Text("dump", "") is { Length: > 0 } dump)
            {
                File.WriteAllLines(dump, reporter.Memory.Select(m => $"{m.Step} {m.RssMiB:F2}"));
            }
            var total = epochs * stepsPerEpoch;
            return new CaseResult
            {
                Case = Id("memory", settings),
                Value = late * 1000,
                Unit = "MiB/1000 steps",
                Threads = torch.get_num_threads(),
                Extra = new()
                {
                    ["steps"] = total,
                    ["slope_after_warmup"] = slope * 1000,
                    ["slope_first_half"] = early * 1000,
                    ["rss_first_mib"] = samples.Count > 0 ? samples[0].RssMiB : double.NaN,
                    ["rss_last_mib"] = samples.Count > 0 ? samples[^1].RssMiB : double.NaN,
                    ["ms_per_step_mean"] = 1000 * reporter.Seconds(0, total) / total,
                },
            };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>
    /// Images per second from the median duration of steps warmup+1..total (robust to a neighbour's burst on a
    /// shared machine), with the mean-based figure and the step times beside it.
    /// </summary>
    private static CaseResult Throughput(string id, IReadOnlyList<double> marks, int warmup, int total, int batch, int threads, Dictionary<string, double> extra)
    {
        var durations = Enumerable.Range(warmup + 1, total - warmup).Select(i => marks[i] - marks[i - 1]).ToList();
        var median = CaseSummary.MedianOf(durations);
        var mean = (marks[total] - marks[warmup]) / (total - warmup);
        extra["ms_per_step"] = 1000 * median;
        extra["ms_per_step_mean"] = 1000 * mean;
        extra["images_per_second_mean"] = batch / mean;
        extra["steps"] = total - warmup;
        extra["ms_per_step_min"] = 1000 * durations.Min();
        extra["ms_per_step_max"] = 1000 * durations.Max();
        return new CaseResult { Case = id, Value = batch / median, Unit = "images/s", Threads = threads, Extra = extra };
    }

    /// <summary>
    /// Trains <paramref name="total"/> steps of <paramref name="model"/> through <see cref="ExperimentRunner"/> as the case
    /// settings say (augment, prefetch, prefetch_threads, online_probe, tracker), reporting to <paramref name="reporter"/>.
    /// </summary>
    private static RunSummary RunFramework(CaseSettings settings, ModelSpec model, int total, string defaultAugment, string folder, FakeMlflowServer? server, TimingReporter reporter)
    {
        var experiment = BenchSetup.Experiment(
            folder,
            model,
            BenchSetup.AugmentYaml(settings.Text("augment", defaultAugment)),
            total,
            1,
            (total * model.Batch / ModelSpec.Classes) + 1,
            settings.OptionalInt("prefetch"),
            onlineProbe: settings.Text("online_probe", "false") == "true",
            prefetchThreads: settings.Int("prefetch_threads", 1));
        var backend = Backend(settings.Text("tracker", "local"), folder, server);
        try
        {
            return new ExperimentRunner(backend, BenchSetup.Loggers, reporter).Run(experiment, CancellationToken.None);
        }
        finally
        {
            (backend as IDisposable)?.Dispose();
        }
    }

    /// <summary>A percentile bootstrap (2,000 resamples of the pairs, fixed seed) of mean(numerator) / mean(denominator).</summary>
    internal static (double Low, double High) BootstrapRatio(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator)
    {
        var random = new Random(1);
        var n = numerator.Count;
        var ratios = new double[2000];
        for (var r = 0; r < ratios.Length; r++)
        {
            double top = 0, bottom = 0;
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                top += numerator[k];
                bottom += denominator[k];
            }

            ratios[r] = top / bottom;
        }

        Array.Sort(ratios);
        return (ratios[(int)(0.025 * ratios.Length)], ratios[(int)(0.975 * ratios.Length) - 1]);
    }

    internal static ITrackingBackend Backend(string tracker, string folder, FakeMlflowServer? server) => tracker switch
    {
        "local" => new LocalFileStore(Path.Combine(folder, "mlruns")),
        "null" => new NullBackend(),
        "rest" => new RestTrackingBackend(new MlflowRestOptions(server!.Uri) { SpoolDirectory = Path.Combine(folder, "spool") }) { ReplayPendingSpools = false },
        _ => throw new ArgumentException($"unknown tracker '{tracker}' (local, rest, null)"),
    };

    internal static string Id(string name, CaseSettings settings) => settings.Describe(name);

    /// <summary>Least-squares slope and intercept.</summary>
    internal static (double Slope, double Intercept) LinearFit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2)
        {
            return (double.NaN, double.NaN);
        }

        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        var slope = sxx == 0 ? double.NaN : sxy / sxx;
        return (slope, my - (slope * mx));
    }
}

/// <summary>
/// The progress reporter of the framework runs: writes the status lines the host's line reporter writes (for
/// redirected output), and records when each step finished (and, when asked, the resident memory).
/// </summary>
internal sealed class TimingReporter(long expectedSteps) : IProgressReporter
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly double[] marks = Enumerable.Repeat(double.NaN, (int)expectedSteps + 1).ToArray();
    private readonly double[] resumed = Enumerable.Repeat(double.NaN, (int)expectedSteps + 1).ToArray();

    /// <summary>Run on the training thread after each step report (step &gt;= 1), timed apart from the steps.</summary>
    public Action<long>? AfterStep { get; init; }

    public int SampleMemoryEvery { get; init; }

    public List<(long Step, double RssMiB)> Memory { get; } = [];

    public void Start(long totalSteps) => Console.WriteLine($"training: {totalSteps} steps");

    public void Step(long step, int epoch, double? loss)
    {
        if (step < marks.Length)
        {
            marks[step] = clock.Elapsed.TotalSeconds;
        }

        if (SampleMemoryEvery > 0 && step % SampleMemoryEvery == 0)
        {
            Memory.Add((step, ProcessMemory.CurrentMiB()));
        }

        if (AfterStep is not null && step >= 1)
        {
            AfterStep(step);
        }

        if (step < resumed.Length)
        {
            resumed[step] = clock.Elapsed.TotalSeconds;
        }
    }

    public void Status(string message) => Console.WriteLine(message);

    public void Stop()
    {
    }

    /// <summary>When each step ended, in seconds (index = steps taken).</summary>
    public IReadOnlyList<double> Marks => marks;

    /// <summary>How long step <paramref name="step"/> (from 1) took, from the trainer's return after the step before.</summary>
    public double StepSeconds(int step) => marks[step] - resumed[step - 1];

    /// <summary>How long <see cref="AfterStep"/> took after step <paramref name="step"/>.</summary>
    public double AfterStepSeconds(int step) => resumed[step] - marks[step];

    /// <summary>Seconds between the end of step <paramref name="from"/> and the end of step <paramref name="to"/>.</summary>
    public double Seconds(int from, int to) => marks[to] - marks[from];
}

/// <summary>A tracking backend that keeps nothing: the framework's loop without any tracking cost.</summary>
internal sealed class NullBackend : ITrackingBackend
{
    public string Description => "(none)";

    public IRunTracker StartRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags) => new NullRun();

    private sealed class NullRun : IRunTracker
    {
        public string RunId { get; } = Guid.NewGuid().ToString("N");

        public string ExperimentId => "0";

        public string Location => "(none)";

        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step)
        {
        }

        public void SetTag(string key, string value)
        {
        }

        public void LogArtifact(string localPath, string artifactPath = "")
        {
        }

        public void Flush()
        {
        }

        public void End(RunStatus status)
        {
        }

        public void Dispose()
        {
        }
    }
}
