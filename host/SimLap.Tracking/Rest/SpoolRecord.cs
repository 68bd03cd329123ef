namespace SimLap.Tracking.Rest;

/// <summary>
/// One line of a spool's <c>records.jsonl</c>: one request to replay, numbered by <see cref="Seq"/> (1, 2, ...).
/// A batch record is already within the server's log-batch limits, so it is replayed as exactly one request.
/// </summary>
public sealed record SpoolRecord
{
    /// <summary>Creates the run (<see cref="StartTime"/>, <see cref="Tags"/>, <see cref="UserId"/>).</summary>
    public const string CreateRunKind = "create_run";

    /// <summary>A log-batch (<see cref="Metrics"/>, <see cref="Params"/>, <see cref="Tags"/>).</summary>
    public const string BatchKind = "batch";

    /// <summary>A log-inputs (<see cref="Datasets"/>).</summary>
    public const string InputsKind = "inputs";

    /// <summary>An artifact upload (<see cref="ArtifactFile"/> in the spool, to <see cref="ArtifactPath"/>).</summary>
    public const string ArtifactKind = "artifact";

    /// <summary>Ends the run (<see cref="Status"/>, <see cref="EndTime"/>).</summary>
    public const string EndKind = "end";

    /// <summary>The position in the spool, from 1.</summary>
    public long Seq { get; init; }

    /// <summary>One of the <c>*Kind</c> constants.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Metric points of a batch.</summary>
    public IReadOnlyList<MlflowMetric>? Metrics { get; init; }

    /// <summary>Params of a batch.</summary>
    public IReadOnlyList<MlflowKeyValue>? Params { get; init; }

    /// <summary>Tags of a batch or of the run's creation.</summary>
    public IReadOnlyList<MlflowKeyValue>? Tags { get; init; }

    /// <summary>The data set inputs of a log-inputs.</summary>
    public IReadOnlyList<MlflowDatasetInput>? Datasets { get; init; }

    /// <summary>The run's start time (create_run).</summary>
    public long? StartTime { get; init; }

    /// <summary>The run's user (create_run).</summary>
    public string? UserId { get; init; }

    /// <summary>The copy of the artifact, relative to the spool folder.</summary>
    public string? ArtifactFile { get; init; }

    /// <summary>The artifact's path under the run's artifact root.</summary>
    public string? ArtifactPath { get; init; }

    /// <summary>The final status (FINISHED, FAILED, KILLED).</summary>
    public string? Status { get; init; }

    /// <summary>The end time, Unix milliseconds.</summary>
    public long? EndTime { get; init; }

    /// <summary>
    /// True for a batch whose request got no answer: the server may have stored it, so the replay first drops the
    /// points the server already has.
    /// </summary>
    public bool? MaybeDelivered { get; init; }
}
