using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap status</c>.</summary>
public sealed class StatusSettings : CommandSettings
{
    /// <summary>The sweep's parent run id.</summary>
    [CommandArgument(0, "<parent-run-id>")]
    [Description("The sweep's parent run id (printed by simlap submit).")]
    public string ParentRunId { get; set; } = "";

    /// <summary>The tracking URI.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("The tracking store the sweep logs to (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
    public string? TrackingUri { get; set; }
}
