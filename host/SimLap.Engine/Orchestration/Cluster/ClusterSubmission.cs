namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>
/// Everything a scheduler needs to run a sweep's trials as one job array: which trials, with what resources, how
/// many at once, where they report (tracking URI and parent run) and how each one is started.
/// </summary>
public sealed record ClusterSubmission
{
    /// <summary>A stand-in for the parent run id in a dry run (the parent is created only when the sweep is submitted).</summary>
    public const string PendingParentRunId = "DRY-RUN-PARENT-RUN-ID";

    /// <summary>The experiment (sweep) file, absolute.</summary>
    public required string ExperimentPath { get; init; }

    /// <summary>The <c>--set</c> overrides every trial gets, as given.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The experiment's name (job names derive from it).</summary>
    public required string Name { get; init; }

    /// <summary>How many trials the sweep has (array indices 0..N-1).</summary>
    public required int Trials { get; init; }

    /// <summary>At most this many trials at once.</summary>
    public required int MaxParallel { get; init; }

    /// <summary>What each trial asks for.</summary>
    public TrialResources Resources { get; init; } = new();

    /// <summary>Whether a preempted or failed trial may be requeued (it then resumes from its checkpoint).</summary>
    public bool Requeue { get; init; }

    /// <summary>The sweep's parent run, every trial's <c>mlflow.parentRunId</c>.</summary>
    public required string ParentRunId { get; init; }

    /// <summary>The tracking URI the trials log to (a server URL or an absolute path on a shared file system).</summary>
    public required string TrackingUri { get; init; }

    /// <summary>The command that starts simlap on a node, as shell words (e.g. <c>dotnet '/opt/simlap/simlap.dll'</c>).</summary>
    public required string SimlapCommand { get; init; }

    /// <summary>The trials' working directory (their <c>./checkpoints</c> land there).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The folder the script (and the Slurm output files) go to.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The container image (Kubernetes).</summary>
    public string? Image { get; init; }

    /// <summary>The Kubernetes Secret holding the tracking credentials (keys named like the MLFLOW_TRACKING_* variables).</summary>
    public string? SecretName { get; init; }
}
