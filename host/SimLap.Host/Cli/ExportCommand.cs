using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tracking;
using SimLap.Engine.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap export</c>: writes a run's trained backbone alone (TorchSharp module format) for reuse elsewhere.</summary>
public sealed class ExportCommand(ILoggerFactory loggers) : Command<ExportCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var store = LocalFileStore.ResolveRootDirectoryOrNull(TrackingSelection.Uri(settings.TrackingUri, null));
        var point = ResumePoint.Resolve(settings.Run, new ExperimentOptions { Checkpoint = { Dir = settings.Checkpoints ?? "" } }, store, logger);
        var bytes = CheckpointFile.ReadBackbone(point.Checkpoint);
        var output = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllBytes(output, bytes);
        logger.LogInformation("Exported the backbone of {Checkpoint}", point.Checkpoint);
        AnsiConsole.MarkupLine($"wrote the backbone of run {point.RunId} ({Markup.Escape(Path.GetFileName(point.Checkpoint))}, {bytes.Length:N0} bytes) to {Markup.Escape(output)}; load it with Module.load() into the same backbone type and options.");
        return ExitCodes.Success;
    }

    /// <summary>Arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>A run id or checkpoint file.</summary>
        [CommandArgument(0, "<run>")]
        [Description("A run id or a checkpoint file.")]
        public string Run { get; set; } = "";

        /// <summary>The output file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Where to write the backbone (default: backbone.bin).")]
        public string Out { get; set; } = "backbone.bin";

        /// <summary>The checkpoint folder, when not the default.</summary>
        [CommandOption("--checkpoints <DIR>")]
        [Description("The run's checkpoint folder, if checkpoint.dir was set (default: ./checkpoints/<run id>).")]
        public string? Checkpoints { get; set; }

        /// <summary>The tracking store, to find checkpoints logged as artifacts.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The local tracking store holding the run's checkpoint artifacts (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }
    }
}
