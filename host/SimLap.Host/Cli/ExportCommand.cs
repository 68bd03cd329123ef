using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Models;
using SimLap.Engine.Running;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap export</c>: writes a run's trained backbone alone for reuse elsewhere, in TorchSharp's module format (the
/// default) or as safetensors for PyTorch; with <c>--register</c>, registers the run's logged model in the Model Registry.
/// </summary>
public sealed class ExportCommand(ILoggerFactory loggers) : Command<ExportCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var format = ModelExport.Check(settings.Format);
        if (settings.Alias is not null && settings.Register is null)
        {
            throw new ConfigurationException($"--alias {settings.Alias}: an alias names a registered version; give --register NAME too.");
        }

        if (settings.Register is { } name)
        {
            var backend = TrackingSelection.Backend(TrackingSelection.Uri(settings.TrackingUri, null), logger);
            var (model, version) = ModelRegistration.Register(backend, settings.Run, name, settings.Alias);
            AnsiConsole.MarkupLine(Markup.Escape($"registered model {model.ModelId} of run {model.SourceRunId} as '{name}' version {version}{(settings.Alias is null ? "" : $" (alias '{settings.Alias}')")} in {backend.Description}"));
            if (settings.Out is null)
            {
                return ExitCodes.Success;
            }
        }

        WriteBackbone(settings, format, logger);
        return ExitCodes.Success;
    }

    private static void WriteBackbone(Settings settings, string format, ILogger logger)
    {
        var store = LocalFileStore.ResolveRootDirectoryOrNull(TrackingSelection.Uri(settings.TrackingUri, null));
        var options = new ExperimentOptions { Checkpoint = { Dir = settings.Checkpoints ?? "" } };
        ResumePoint point;
        byte[] bytes;
        try
        {
            point = ResumePoint.TryResolve(settings.Run, options, store, logger)
                ?? throw new ConfigurationException($"export {settings.Run}: no checkpoint file of that name, and no checkpoint of a run with that id in {CheckpointHome.RunFolder(options, settings.Run)}{(store is null ? "" : $" or among its artifacts in {store}")}; give a checkpoint file, or the checkpoint home with --checkpoints DIR or its store with --tracking-uri.");
            bytes = ModelExport.Backbone(point.Checkpoint, format);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"export {settings.Run}: the checkpoint cannot be read ({e.Message}); it is damaged or not a simlap checkpoint.");
        }

        var output = Path.GetFullPath(settings.Out ?? ModelExport.DefaultOut(format));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllBytes(output, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"--out {settings.Out}: cannot write the backbone there: {e.Message}");
        }

        logger.LogInformation("Exported the backbone of {Checkpoint} as {Format}", point.Checkpoint, format);
        var load = format == ModelExport.Safetensors
            ? "load it in PyTorch with safetensors.torch.load_file() into the equivalent module (docs/logged-models.md)"
            : "load it with Module.load() into the same backbone type and options";
        AnsiConsole.MarkupLine($"wrote the backbone of run {point.RunId} ({Markup.Escape(Path.GetFileName(point.Checkpoint))}, {bytes.Length:N0} bytes, {format}) to {Markup.Escape(output)}; {Markup.Escape(load)}.");
    }

    /// <summary>Arguments.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>A run id or checkpoint file.</summary>
        [CommandArgument(0, "<run>")]
        [Description("A run id or a checkpoint file.")]
        public string Run { get; set; } = "";

        /// <summary>The output file; null for the format's default.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Where to write the backbone (default: backbone.bin, or backbone.safetensors with --format safetensors). With --register, the backbone is written only when --out is given.")]
        public string? Out { get; set; }

        /// <summary>The file format.</summary>
        [CommandOption("--format <FORMAT>")]
        [Description("torchsharp (the default: TorchSharp's Module.save format) or safetensors (the module's state_dict names, for PyTorch's safetensors.torch.load_file).")]
        public string Format { get; set; } = ModelExport.TorchSharp;

        /// <summary>The registered model to add a version to.</summary>
        [CommandOption("--register <NAME>")]
        [Description("Register the run's logged model as a new version of the registered model NAME (created when missing), on the run's store.")]
        public string? Register { get; set; }

        /// <summary>An alias to point at the new version.</summary>
        [CommandOption("--alias <ALIAS>")]
        [Description("With --register: point this alias (e.g. champion) at the new version.")]
        public string? Alias { get; set; }

        /// <summary>The checkpoint home, when not the default.</summary>
        [CommandOption("--checkpoints <DIR>")]
        [Description("The checkpoint home, if the run set checkpoint.dir (default: $XDG_DATA_HOME/simlap/checkpoints, else ~/.local/share/simlap/checkpoints; ./checkpoints/<run id> is searched too).")]
        public string? Checkpoints { get; set; }

        /// <summary>The tracking store: the run's checkpoint artifacts (local), or its logged model for --register (local or server).</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The run's tracking store: for checkpoint artifacts (local) and for --register (local or an MLflow server) (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }
    }
}
