using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap run</c>.</summary>
public sealed class RunSettings : ExperimentSettings
{
    /// <summary>The tracking URI.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("Where to log: a folder or file: URI (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
    public string? TrackingUri { get; set; }

    /// <summary>The run or checkpoint to continue.</summary>
    [CommandOption("--resume <RUN>")]
    [Description("Continue a run: its id (newest checkpoint in ./checkpoints/<id> or its artifacts) or a checkpoint file.")]
    public string? Resume { get; set; }
}
