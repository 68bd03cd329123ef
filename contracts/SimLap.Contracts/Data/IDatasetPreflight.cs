namespace SimLap.Contracts.Data;

/// <summary>
/// Optional for an <see cref="IDataset"/>: a cheap check that <see cref="IDataset.Load"/> will find what it needs, made by
/// <c>simlap validate</c> and by <c>simlap run</c> before a run is started. It looks at what exists and reads headers
/// only (file sizes, magic numbers, dimensions, class folders, one image header per class): it never downloads, decodes
/// every image or reads whole files, so it stays fast on large data. A data set without it is checked when it loads.
/// </summary>
public interface IDatasetPreflight
{
    /// <summary>
    /// What loading would refuse, one self-contained paragraph per problem naming the path, what was found and what is
    /// expected; empty when the files look loadable (or are missing but will be downloaded).
    /// </summary>
    IReadOnlyList<string> Preflight();
}
