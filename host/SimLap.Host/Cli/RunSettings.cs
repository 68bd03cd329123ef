using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap run</c>.</summary>
public sealed class RunSettings : ExperimentSettings
{
    /// <summary>The tracking URI.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("Where to log: an MLflow server (http(s)://host:port), or a folder or file: URI for a local store (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
    public string? TrackingUri { get; set; }

    /// <summary>The run or checkpoint to continue.</summary>
    [CommandOption("--resume <RUN>")]
    [Description("Continue a run: its id (newest checkpoint in <checkpoint home>/<experiment>/<id>, ./checkpoints/<id> or its artifacts) or a checkpoint file. Only the experiment it was started with (same params) may continue it, one process at a time; a FINISHED run only with --extend-epochs.")]
    public string? Resume { get; set; }

    /// <summary>The new total number of epochs of the resumed run.</summary>
    [CommandOption("--extend-epochs <N>")]
    [Description("With --resume: train the run on to N epochs in total (N larger than its stored train.epochs); recorded on the run (simlap.extended, simlap.resume.history). No other param may differ from the stored run's.")]
    public int? ExtendEpochs { get; set; }

    /// <summary>Run only this trial of a sweep.</summary>
    [CommandOption("--trial <INDEX>")]
    [Description("Run only trial INDEX (0-based, stable order) of the sweep, e.g. from a job array; the parent run comes from $SIMLAP_PARENT_RUN_ID when set.")]
    public int? Trial { get; set; }

    /// <summary>Print the sweep's trials and exit.</summary>
    [CommandOption("--list-trials")]
    [Description("Print the sweep's trials with their overrides, and exit.")]
    public bool ListTrials { get; set; }

    /// <summary>No progress display.</summary>
    [CommandOption("-q|--quiet")]
    [Description("Print only the final summary (no progress, no epoch lines).")]
    public bool Quiet { get; set; }
}
