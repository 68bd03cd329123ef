using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of the verbs that read a tracking store's runs (<c>simlap runs</c>, <c>simlap runs prune</c>).</summary>
public class StoreSettings : CommandSettings
{
    /// <summary>The tracking URI.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("The tracking store: an MLflow server (http(s)://host:port), or a folder or file: URI (default: $MLFLOW_TRACKING_URI, else ./mlruns).")]
    public string? TrackingUri { get; set; }

    /// <summary>Only this experiment's runs.</summary>
    [CommandOption("--experiment <NAME>")]
    [Description("Only the runs of this MLflow experiment (default: every experiment).")]
    public string? Experiment { get; set; }
}
