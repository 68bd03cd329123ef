namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>How an external command (sbatch, scontrol, kubectl) ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StandardOutput">What it printed on stdout.</param>
/// <param name="StandardError">What it printed on stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether it exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>stderr, else stdout, trimmed: what to show when it failed.</summary>
    public string Message => (StandardError.Trim().Length > 0 ? StandardError : StandardOutput).Trim();
}
