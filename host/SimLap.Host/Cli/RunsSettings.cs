using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap runs</c>.</summary>
public sealed class RunsSettings : StoreSettings
{
    /// <summary>The stale bound for owners on other hosts.</summary>
    [CommandOption("--stale-minutes <MINUTES>")]
    [Description("A RUNNING run owned by a process on another host counts as gone when its heartbeat is older than this (default 10, or $SIMLAP_STALE_SECONDS).")]
    public double? StaleMinutes { get; set; }
}
