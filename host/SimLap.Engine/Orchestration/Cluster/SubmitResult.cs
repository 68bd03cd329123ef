namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>What <c>simlap submit</c> did.</summary>
/// <param name="Text">The batch script or manifest.</param>
/// <param name="Submission">The submission it renders.</param>
/// <param name="StoreDescription">The tracking store, for messages.</param>
/// <param name="ScriptPath">Where the script or manifest was written (null for a dry run).</param>
/// <param name="JobId">The scheduler's job id (null for a dry run).</param>
public sealed record SubmitResult(string Text, ClusterSubmission Submission, string StoreDescription, string? ScriptPath, string? JobId)
{
    /// <summary>What a dry run would have refused or should be looked at.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
