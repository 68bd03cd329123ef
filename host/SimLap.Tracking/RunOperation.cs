namespace SimLap.Tracking;

/// <summary>One call a <see cref="QueuedRun"/> queued for its writer, in the order it was made.</summary>
internal abstract record RunOperation
{
    /// <summary>What the call logged, for the warning when it came after the run ended.</summary>
    public abstract string Describe();
}

/// <summary>One metric point (its key already sanitised), stamped in Unix milliseconds.</summary>
internal sealed record MetricOperation(string Key, double Value, long Step, long Timestamp) : RunOperation
{
    /// <inheritdoc />
    public override string Describe() => $"metric '{Key}' (step {Step})";
}

/// <summary>A param (key sanitised, value cleaned), logged once.</summary>
internal sealed record ParamOperation(string Key, string Value) : RunOperation
{
    /// <inheritdoc />
    public override string Describe() => $"param '{Key}'";
}

/// <summary>A tag (key sanitised, value cleaned); a later value replaces an earlier one.</summary>
internal sealed record TagOperation(string Key, string Value) : RunOperation
{
    /// <inheritdoc />
    public override string Describe() => $"tag '{Key}'";
}

/// <summary>A file to copy into the run's artifacts; the artifact path is sanitised, /-separated and ends with the file name.</summary>
internal sealed record ArtifactOperation(string Source, string ArtifactPath) : RunOperation
{
    /// <inheritdoc />
    public override string Describe() => $"artifact '{Source}'";
}

/// <summary>Asks the writer to store everything pending and say so.</summary>
internal sealed record FlushOperation : RunOperation
{
    /// <summary>Completed once everything queued before the flush is stored.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public override string Describe() => "flush";
}
