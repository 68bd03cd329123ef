namespace SimLap.Host.Cli;

/// <summary>The exit codes of <c>simlap</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The run failed (diverged, a component threw, out of memory).</summary>
    public const int RunFailed = 1;

    /// <summary>A usage or configuration error.</summary>
    public const int Configuration = 2;

    /// <summary>Interrupted by SIGINT (Ctrl+C).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM.</summary>
    public const int Terminated = 143;
}
