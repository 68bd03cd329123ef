using System.Diagnostics;
using SimLap.Tracking;

namespace SimLap.Bench;

/// <summary>
/// (5) The cost of tracking per training step, without training: the metrics the trainer logs (every 10 steps the
/// batch of 10 rows of learning rate, loss terms and diagnostics read from the device; lr=per-step logs the learning
/// rate at every step instead, as the trainer did before issue 9), with a sleep
/// standing for the step's compute (gap_ms), then End.
/// Reports the training thread's time in the logging calls and the whole process's CPU time (the background writer,
/// HTTP client and, for REST, the in-process fake server) per step.
/// </summary>
internal static class LoggingCases
{
    private static readonly string[] Terms = ["loss", "loss_term", "gate_penalty", "gate_entropy", "gate_mean", "no_positive_fraction", "positives_mean"];

    public static CaseResult Run(CaseSettings settings)
    {
        var store = settings.Text("store", "local");
        var steps = settings.Int("steps", 2000);
        var folder = BenchSetup.TempFolder("log");
        using var server = store == "rest" ? new FakeMlflowServer() : null;
        try
        {
            var backend = TrainingCases.Backend(store == "none" ? "null" : store, folder, server);
            using var run = backend.StartRun("bench", "logging", new Dictionary<string, string> { ["simlap.bench"] = "logging" });
            for (var i = 0; i < 50; i++)
            {
                run.LogMetric("train/warmup", i, i);
            }

            run.Flush();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var inCalls = LogSteps(run, steps, settings.Int("log_every", 10), settings.Int("gap_ms", 2), settings.Text("lr", "batched") == "per-step");
            inCalls.Start();
            run.End(RunStatus.Finished);
            inCalls.Stop();
            wall.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            (backend as IDisposable)?.Dispose();
            var extra = new Dictionary<string, double>
            {
                ["cpu_us_per_step"] = 1000 * cpu / steps,
                ["wall_ms_total"] = wall.Elapsed.TotalMilliseconds,
                ["steps"] = steps,
                ["metrics_per_step"] = 1 + Terms.Length,
            };
            if (server is not null)
            {
                extra["log_batch_requests"] = server.LogBatchRequests;
            }

            return new CaseResult
            {
                Case = TrainingCases.Id("log", settings),
                Value = 1e6 * inCalls.Elapsed.TotalSeconds / steps,
                Unit = "us/step in calls",
                Threads = TorchSharp.torch.get_num_threads(),
                Extra = extra,
            };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>The training loop's logging without the training: returns the time spent in the calls.</summary>
    private static Stopwatch LogSteps(IRunTracker run, int steps, int logEvery, int gap, bool perStepLr)
    {
        var inCalls = new Stopwatch();
        var rng = new Random(1);
        for (long step = 0; step < steps; step++)
        {
            // The step itself is a sleep (no CPU), so the background writer wakes as often as in training.
            Thread.Sleep(gap);
            inCalls.Start();
            if (perStepLr)
            {
                run.LogMetric("train/lr", 1e-3 * (1 - ((double)step / steps)), step);
            }

            if ((step + 1) % logEvery == 0)
            {
                LogRows(run, step + 1 - logEvery, step, steps, perStepLr, rng);
            }

            inCalls.Stop();
        }

        return inCalls;
    }

    /// <summary>The batch of rows <paramref name="first"/>..<paramref name="last"/> the trainer logs every <c>log_every</c> steps.</summary>
    private static void LogRows(IRunTracker run, long first, long last, int steps, bool perStepLr, Random rng)
    {
        for (var row = first; row <= last; row++)
        {
            if (!perStepLr)
            {
                run.LogMetric("train/lr", 1e-3 * (1 - ((double)row / steps)), row);
            }

            foreach (var term in Terms)
            {
                run.LogMetric(term == "loss" ? "train/loss" : "train/" + term, rng.NextDouble(), row);
            }
        }
    }
}
