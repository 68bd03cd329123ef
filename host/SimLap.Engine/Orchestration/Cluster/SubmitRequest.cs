namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>What <c>simlap submit</c> was asked to do.</summary>
public sealed record SubmitRequest
{
    /// <summary>The scheduler.</summary>
    public required SchedulerKind Scheduler { get; init; }

    /// <summary>The <c>--set</c> overrides, passed on to every trial.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>What each trial asks for.</summary>
    public TrialResources Resources { get; init; } = new();

    /// <summary>At most this many trials at once; null for all of them.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>Let the scheduler requeue a trial (it resumes from its checkpoint).</summary>
    public bool Requeue { get; init; }

    /// <summary>Only render the script or manifest: no parent run, nothing submitted.</summary>
    public bool DryRun { get; init; }

    /// <summary>The local store's folder is on a file system every node shares.</summary>
    public bool SharedStore { get; init; }

    /// <summary>The container image (Kubernetes).</summary>
    public string? Image { get; init; }

    /// <summary>The Kubernetes Secret with the tracking credentials.</summary>
    public string? SecretName { get; init; }

    /// <summary>The <c>--tracking-uri</c> given, if any (else the YAML's, MLFLOW_TRACKING_URI, ./mlruns).</summary>
    public string? TrackingUri { get; init; }

    /// <summary>The command that starts simlap on a node; null for this process's own command line.</summary>
    public string? SimlapCommand { get; init; }

    /// <summary>The trials' working directory; null for the current directory.</summary>
    public string? WorkingDirectory { get; init; }
}
