using System.Diagnostics;

namespace SimLap.Tracking;

/// <summary>Who and what started a run, for MLflow's <c>mlflow.user</c> and <c>mlflow.source.name</c> in every store.</summary>
public static class RunSource
{
    /// <summary>The user name, or "unknown".</summary>
    public static string UserName()
    {
        try
        {
            var name = Environment.UserName;
            return string.IsNullOrEmpty(name) ? "unknown" : name;
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException)
        {
            return "unknown";
        }
    }

    /// <summary>The process name, or "simlap".</summary>
    public static string SourceName()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return process.ProcessName;
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException)
        {
            return "simlap";
        }
    }
}
