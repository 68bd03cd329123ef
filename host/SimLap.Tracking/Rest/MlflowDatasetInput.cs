namespace SimLap.Tracking.Rest;

/// <summary>One input of a run: <c>{"tags": [{key, value}], "dataset": {...}}</c>, the context in the tag <c>mlflow.data.context</c>.</summary>
public sealed record MlflowDatasetInput
{
    /// <summary>The input's tags; absent (null) when it has none.</summary>
    public IReadOnlyList<MlflowKeyValue>? Tags { get; init; }

    /// <summary>The data set.</summary>
    public MlflowDataset Dataset { get; init; } = new();

    /// <summary>The REST form of <paramref name="input"/>.</summary>
    public static MlflowDatasetInput From(DatasetInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MlflowDatasetInput
        {
            Tags = [new MlflowKeyValue(DatasetInput.ContextTag, input.Context)],
            Dataset = new MlflowDataset
            {
                Name = input.Name,
                Digest = input.Digest,
                SourceType = input.SourceType,
                Source = input.Source,
                Schema = input.Schema,
                Profile = input.Profile,
            },
        };
    }
}
