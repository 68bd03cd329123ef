using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Training;
using SimLap.Tracking;
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
        var options = new ExperimentOptions { Checkpoint = { Dir = settings.Checkpoints ?? "" } };
        ResumePoint point;
        byte[] bytes;
        try
        {
            point = ResumePoint.TryResolve(settings.Run, options, store, logger)
                ?? throw new ConfigurationException($"export {settings.Run}: no checkpoint file of that name, and no checkpoint of a run with that id in {CheckpointHome.RunFolder(options, settings.Run)}{(store is null ? "" : $" or among its artifacts in {store}")}; give a checkpoint file, or the checkpoint home with --checkpoints DIR or its store with --tracking-uri.");
            bytes = CheckpointFile.ReadBackbone(point.Checkpoint);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"export {settings.Run}: the checkpoint cannot be read ({e.Message}); it is damaged or not a simlap checkpoint.");
        }

        var output = Path.GetFullPath(settings.Out);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllBytes(output, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"--out {settings.Out}: cannot write the backbone there: {e.Message}");
        }

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

        /// <summary>The checkpoint home, when not the default.</summary>
        [CommandOption("--checkpoints <DIR>")]
        [Description("The checkpoint home, if the run set checkpoint.dir (default: $XDG_DATA_HOME/simlap/checkpoints, else ~/.local/share/simlap/checkpoints; ./checkpoints/<run id> is searched too).")]
        public string? Checkpoints { get; set; }

        /// <summary>The tracking store, to find checkpoints logged as artifacts.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The local tracking store holding the run's checkpoint artifacts (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }
    }
}
