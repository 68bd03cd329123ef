using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap submit</c>.</summary>
public sealed class SubmitSettings : ExperimentSettings
{
    /// <summary>The scheduler.</summary>
    [CommandOption("--to <SCHEDULER>")]
    [Description("The scheduler: slurm (a job array, sbatch) or k8s (an Indexed Job, kubectl).")]
    public string? To { get; set; }

    /// <summary>The Slurm partition.</summary>
    [CommandOption("--partition <PARTITION>")]
    [Description("The Slurm partition (default: the cluster's default).")]
    public string? Partition { get; set; }

    /// <summary>The time limit per trial.</summary>
    [CommandOption("--time <HH:MM:SS>")]
    [Description("Wall-clock limit per trial (HH:MM:SS or D-HH:MM:SS); simlap gets SIGTERM 60 s before it and checkpoints.")]
    public string? Time { get; set; }

    /// <summary>CPU cores per trial.</summary>
    [CommandOption("--cpus-per-trial <N>")]
    [Description("CPU cores per trial (also its thread count). Default 1.")]
    public int CpusPerTrial { get; set; } = 1;

    /// <summary>GPUs per trial.</summary>
    [CommandOption("--gpus-per-trial <N>")]
    [Description("GPUs per trial. Default 0.")]
    public int GpusPerTrial { get; set; }

    /// <summary>At most this many trials at once.</summary>
    [CommandOption("--max-parallel <K>")]
    [Description("At most K trials at once (default: all).")]
    public int? MaxParallel { get; set; }

    /// <summary>Requeue preempted trials.</summary>
    [CommandOption("--requeue")]
    [Description("Let the scheduler requeue a preempted or cancelled trial; it resumes from its checkpoint in the same run.")]
    public bool Requeue { get; set; }

    /// <summary>Print, do not submit.</summary>
    [CommandOption("--dry-run")]
    [Description("Print the batch script or manifest; create no run and submit nothing.")]
    public bool DryRun { get; set; }

    /// <summary>The local store is on a shared file system.</summary>
    [CommandOption("--shared-store")]
    [Description("The local tracking folder is on a file system every node mounts at the same path (else a local store is refused).")]
    public bool SharedStore { get; set; }

    /// <summary>The container image.</summary>
    [CommandOption("--image <IMAGE>")]
    [Description("k8s: the container image holding simlap (on PATH) and the experiment at the same path.")]
    public string? Image { get; set; }

    /// <summary>The Secret with the tracking credentials.</summary>
    [CommandOption("--secret <NAME>")]
    [Description("k8s: the Secret whose keys MLFLOW_TRACKING_TOKEN / _USERNAME / _PASSWORD the trials get (never inlined).")]
    public string? Secret { get; set; }

    /// <summary>The tracking URI.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("Where every trial logs: an MLflow server, or with --shared-store a shared folder (default: tracking.uri, $MLFLOW_TRACKING_URI, ./mlruns).")]
    public string? TrackingUri { get; set; }

    /// <summary>The command that starts simlap on a node.</summary>
    [CommandOption("--simlap <COMMAND>")]
    [Description("The command that starts simlap on a node, e.g. \"dotnet /opt/simlap/simlap.dll\" (default: the command running now).")]
    public string? Simlap { get; set; }
}
