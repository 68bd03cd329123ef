namespace SimLap.Tracking;

/// <summary>
/// One data set a run used, as MLflow logs it (<c>runs/log-inputs</c>): the data set, identified within the experiment
/// by <see cref="Name"/> and <see cref="Digest"/>, and the context it was used in (the input tag
/// <c>mlflow.data.context</c>). <see cref="Source"/>, <see cref="Schema"/> and <see cref="Profile"/> are JSON text.
/// </summary>
/// <param name="Name">The data set's name.</param>
/// <param name="Digest">What identifies its content (hex, at most <see cref="MaxDigestLength"/> characters).</param>
/// <param name="SourceType">MLflow's source type: <c>local</c>, <c>http</c>, <c>code</c>.</param>
/// <param name="Source">The source as JSON (<c>{"uri": ...}</c>, <c>{"url": ...}</c>, <c>{"tags": {...}}</c>).</param>
/// <param name="Schema">The schema as JSON (MLflow's <c>mlflow_tensorspec</c>), or null.</param>
/// <param name="Profile">The profile as JSON (counts per split, number of classes), or null.</param>
/// <param name="Context">How the run used it: <see cref="Training"/> or <see cref="Evaluation"/>.</param>
public sealed record DatasetInput(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile, string Context)
{
    /// <summary>The input tag MLflow keeps the context in.</summary>
    public const string ContextTag = "mlflow.data.context";

    /// <summary>The context of the data set a run trains on.</summary>
    public const string Training = "training";

    /// <summary>The context of a data set only evaluated on.</summary>
    public const string Evaluation = "evaluation";

    /// <summary>The longest digest MLflow stores (a longer one is refused with 400 INVALID_PARAMETER_VALUE).</summary>
    public const int MaxDigestLength = 36;
}
