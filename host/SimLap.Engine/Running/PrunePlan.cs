namespace SimLap.Engine.Running;

/// <summary>What <c>simlap runs prune</c> found under a checkpoint home.</summary>
/// <param name="Home">The checkpoint home.</param>
/// <param name="Store">The tracking store the runs were looked up in.</param>
/// <param name="Remove">Folders of runs the store no longer has (deleted, or gone from it): to be removed.</param>
/// <param name="Kept">Folders of runs the store still has.</param>
/// <param name="OtherStores">Folders of runs logged to another store (their marker says which): left alone.</param>
/// <param name="Unmarked">Folders without a readable marker, so of no known run: left alone.</param>
public sealed record PrunePlan(string Home, string Store, IReadOnlyList<PruneCandidate> Remove, int Kept, IReadOnlyList<CheckpointMarker> OtherStores, IReadOnlyList<string> Unmarked)
{
    /// <summary>The bytes the removal frees.</summary>
    public long Bytes => Remove.Sum(c => c.Bytes);
}
