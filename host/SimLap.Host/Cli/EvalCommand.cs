using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Host.Output;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap eval</c>: evaluates a finished (or interrupted) run's encoder with an experiment's evaluators.</summary>
public sealed class EvalCommand(ILoggerFactory loggers) : Command<EvalCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var experiment = ExperimentResolver.Resolve(settings.File, settings.Overrides, logger);
        var backend = TrackingSelection.Backend(TrackingSelection.Uri(settings.TrackingUri, experiment.Options.Tracking.Uri), logger);
        var point = ResumePoint.Resolve(settings.Run, experiment.Options, backend.LocalRoot, logger);
        var (runId, metrics) = ProgressDisplay.Run(settings.Quiet, progress => new CheckpointEvaluator(backend, loggers, progress).Evaluate(experiment, point));
        var table = new Table().Border(TableBorder.Rounded).AddColumns("metric", "value");
        foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(name), value.ToString("F2", CultureInfo.InvariantCulture));
        }

        TableOutput.Write(table);
        AnsiConsole.MarkupLine($"evaluated {Markup.Escape(Path.GetFileName(point.Checkpoint))} of run {point.RunId}; logged to run {runId}");
        return ExitCodes.Success;
    }

    /// <summary>Arguments.</summary>
    public sealed class Settings : ExperimentSettings
    {
        /// <summary>The run or checkpoint.</summary>
        [CommandOption("--run <RUN>")]
        [Description("The run id (its newest checkpoint) or a checkpoint file to evaluate.")]
        public string Run { get; set; } = "";

        /// <summary>The tracking URI.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The tracking store of the run (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }

        /// <summary>No progress display.</summary>
        [CommandOption("-q|--quiet")]
        [Description("Print only the results.")]
        public bool Quiet { get; set; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Run) ? ValidationResult.Error("--run <RUN> is required: the run id or checkpoint file to evaluate.") : ValidationResult.Success();
    }
}
