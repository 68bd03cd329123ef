namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>What each trial of a submitted sweep asks the scheduler for.</summary>
/// <param name="Cpus">CPU cores per trial (also its <c>OMP_NUM_THREADS</c>).</param>
/// <param name="Gpus">GPUs per trial; 0 asks for none.</param>
/// <param name="TimeLimit">The wall-clock limit per trial in Slurm's format (<c>HH:MM:SS</c>, <c>D-HH:MM:SS</c>, minutes); null for the partition's default.</param>
/// <param name="Partition">The Slurm partition; null for the cluster's default.</param>
public sealed record TrialResources(int Cpus = 1, int Gpus = 0, string? TimeLimit = null, string? Partition = null);
