using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tracking;
using SimLap.Host.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap run</c>: resolves, trains, evaluates, tracks and prints a summary.</summary>
public sealed class RunCommand(ILoggerFactory loggers) : Command<RunSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var experiment = ExperimentResolver.Resolve(settings.File, settings.Overrides, logger);
        var backend = TrackingSelection.Backend(TrackingSelection.Uri(settings.TrackingUri, experiment.Options.Tracking.Uri), logger);
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(experiment.Options.Name)}[/] · {Markup.Escape(experiment.ToTree()["pairs"] is IDictionary<string, object?> p ? $"{p["type"]} pairs" : "")} · tracking to {Markup.Escape(backend.Description)}");
        var resume = settings.Resume is null ? null : ResumePoint.Resolve(settings.Resume, experiment.Options, (backend as LocalFileStore)?.RootDirectory);
        var summary = ProgressDisplay.Run(progress => new ExperimentRunner(backend, loggers, progress).Run(experiment, cancellationToken, resume));
        Write(summary);
        return ExitCodes.Success;
    }

    private static void Write(RunSummary summary)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("run id", summary.RunId);
        grid.AddRow("logged to", Markup.Escape(summary.Location));
        grid.AddRow("steps", summary.Steps.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("training time", $"{summary.TrainSeconds:F1} s");
        grid.AddRow("final loss", summary.FinalLoss.ToString("F4", CultureInfo.InvariantCulture));
        foreach (var (key, value) in summary.Evaluation.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            grid.AddRow(Markup.Escape(key), value.ToString("F2", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(new Panel(grid).Header("run finished").Border(BoxBorder.Rounded));
    }
}
