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
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new LabelledTimeColumn("elapsed", t => t.ElapsedTime), new LabelledTimeColumn("remaining", t => t.RemainingTime))
            .Start(context => work(new BarProgress(context)));
    }

    /// <summary>A reporter that writes plain lines (or nothing when <paramref name="quiet"/>); for non-terminal output.</summary>
    public static IProgressReporter Create(bool quiet) => quiet ? new SilentProgress() : new LineProgress();

    private static bool IsLive => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    private sealed class BarProgress(ProgressContext context) : IProgressReporter
    {
        private ProgressTask? task;
        private int epochs;

        public void Start(long totalSteps) => Start(totalSteps, 0);

        public void Start(long totalSteps, int epochs)
        {
            this.epochs = epochs;
            task = context.AddTask("training", maxValue: totalSteps);
        }

        public void Step(long step, int epoch, double? loss)
        {
            if (task is null)
            {
                return;
            }

            task.Value = step;
            if (loss is { } value)
            {
                // The loss of the last step read, not the epoch mean the summary reports: the label says which.
                task.Description = epochs > 0 ? $"epoch {epoch}/{epochs} · last step loss {value:F4}" : $"epoch {epoch} · last step loss {value:F4}";
            }
        }

        public void Status(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

        public void Stop() => task?.StopTask();
    }

    /// <summary>A time column that says what it shows (<c>elapsed 0:00:12</c>), where Spectre's own columns show bare times.</summary>
    private sealed class LabelledTimeColumn(string label, Func<ProgressTask, TimeSpan?> time) : ProgressColumn
    {
        protected override bool NoWrap => true;

        // The label, a space and h:mm:ss, kept on one line.
        public override int? GetColumnWidth(Spectre.Console.Rendering.RenderOptions options) => label.Length + 8;

        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Markup($"[grey]{label}[/] {(time(task) is { } t ? t.ToString(@"h\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : "-:--:--")}");
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
