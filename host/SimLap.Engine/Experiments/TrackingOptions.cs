using System.ComponentModel;

namespace SimLap.Engine.Experiments;

/// <summary><c>tracking</c>: where the run is logged.</summary>
public sealed class TrackingOptions
{
    /// <summary>The MLflow experiment name.</summary>
    [Description("MLflow experiment the run is logged under.")]
    public string Experiment { get; set; } = "Default";

    /// <summary>The tracking URI; empty means MLFLOW_TRACKING_URI, else ./mlruns.</summary>
    [Description("Tracking URI (a path or file: URI); empty = $MLFLOW_TRACKING_URI, else ./mlruns. --tracking-uri wins.")]
    public string Uri { get; set; } = "";

    /// <summary>The run name; empty uses the experiment file's <c>name</c>.</summary>
    [Description("Run name; empty = the experiment's name.")]
    public string RunName { get; set; } = "";

    /// <summary>Whether the trained encoder is logged as an MLflow logged model of the run (default true).</summary>
    [Description("Log the trained encoder as an MLflow logged model of the run (weights, model card, linked metrics); false = only the checkpoint has it.")]
    public bool LogModel { get; set; } = true;
}
