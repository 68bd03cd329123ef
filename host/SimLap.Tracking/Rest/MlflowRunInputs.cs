namespace SimLap.Tracking.Rest;

/// <summary>A run's <c>inputs</c> block (<c>{}</c> before any input).</summary>
public sealed record MlflowRunInputs
{
    /// <summary>The data sets logged as inputs, with their tags.</summary>
    public IReadOnlyList<MlflowDatasetInput> DatasetInputs { get; init; } = [];
}
