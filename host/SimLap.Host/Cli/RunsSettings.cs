using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap runs</c>.</summary>
public sealed class RunsSettings : CommandSettings
{
    /// <summary>The tracking URI.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("The tracking store: an MLflow server (http(s)://host:port), or a folder or file: URI (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
    public string? TrackingUri { get; set; }

    /// <summary>Only this experiment's runs.</summary>
    [CommandOption("--experiment <NAME>")]
    [Description("List only the runs of this MLflow experiment (default: every experiment).")]
    public string? Experiment { get; set; }

    /// <summary>The stale bound for owners on other hosts.</summary>
    [CommandOption("--stale-minutes <MINUTES>")]
    [Description("A RUNNING run owned by a process on another host counts as gone when its heartbeat is older than this (default 10, or $SIMLAP_STALE_SECONDS).")]
    public double? StaleMinutes { get; set; }
}
