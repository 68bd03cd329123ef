namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>The image files of one split folder, in a fixed order, with their labels (null when label-free).</summary>
/// <param name="Files">Full paths, sorted by class, then by path (ordinal).</param>
/// <param name="Labels">One label per file, or null.</param>
public sealed record ImageFolderListing(IReadOnlyList<string> Files, IReadOnlyList<long>? Labels)
{
    /// <summary>What the listing skipped (symbolic link loops, dangling links that are not images), one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
