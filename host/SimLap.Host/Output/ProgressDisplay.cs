using SimLap.Engine.Training;
using Spectre.Console;

namespace SimLap.Host.Output;

/// <summary>Shows training progress: a live Spectre.Console bar on a terminal, plain status lines when output is redirected.</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with a reporter suited to the console (none when <paramref name="quiet"/>).</summary>
    public static T Run<T>(bool quiet, Func<IProgressReporter, T> work)
    {
        if (quiet || !IsLive)
        {
            return work(Create(quiet));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new BarProgress(context)));
    }

    /// <summary>A reporter that writes plain lines (or nothing when <paramref name="quiet"/>); for non-terminal output.</summary>
    public static IProgressReporter Create(bool quiet) => quiet ? new SilentProgress() : new LineProgress();

    private static bool IsLive => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    private sealed class BarProgress(ProgressContext context) : IProgressReporter
    {
        private ProgressTask? task;

        public void Start(long totalSteps) => task = context.AddTask("training", maxValue: totalSteps);

        public void Step(long step, int epoch, double? loss)
        {
            if (task is null)
            {
                return;
            }

            task.Value = step;
            if (loss is { } value)
            {
                task.Description = $"epoch {epoch} · loss {value:F4}";
            }
        }

        public void Status(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

        public void Stop() => task?.StopTask();
    }

    private sealed class LineProgress : IProgressReporter
    {
        public void Start(long totalSteps) => Console.WriteLine($"training: {totalSteps} steps");

        public void Step(long step, int epoch, double? loss)
        {
        }

        public void Status(string message) => Console.WriteLine(message);

        public void Stop()
        {
        }
    }
}
