namespace SimLap.Tracking.Rest;

/// <summary>A run: its info and data.</summary>
public sealed record MlflowRun
{
    /// <summary>Ids, name, status and times.</summary>
    public MlflowRunInfo Info { get; init; } = new();

    /// <summary>Latest metrics, params and tags.</summary>
    public MlflowRunData Data { get; init; } = new();

    /// <summary>The data sets logged as the run's inputs.</summary>
    public MlflowRunInputs Inputs { get; init; } = new();
}
