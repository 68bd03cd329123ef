namespace SimLap.Host.Tests;

/// <summary>
/// A test that needs the real Slurm cluster of <c>tests/cluster/slurm-up.sh</c> (named by SIMLAP_TEST_SLURM_CONF). Without
/// it the test is skipped on a developer's machine, but runs, and fails, in CI (CI=true), so a CI that forgot to start
/// the cluster cannot pass by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterSlurmFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the cluster is missing outside CI.</summary>
    public ClusterSlurmFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ClusterSlurm.ConfVariable))
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"no Slurm cluster: run `conf=$(tests/cluster/slurm-up.sh)` and set {ClusterSlurm.ConfVariable}=$conf (CI does this in .ci/run).";
        }
    }
}
