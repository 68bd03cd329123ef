namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>The cluster schedulers a sweep can be submitted to.</summary>
public enum SchedulerKind
{
    /// <summary>Slurm: a job array submitted with <c>sbatch</c>.</summary>
    Slurm,

    /// <summary>Kubernetes: an Indexed Job applied with <c>kubectl</c>.</summary>
    Kubernetes,
}
