namespace SimLap.Plugins.Core.Data.Download;

/// <summary>One file of a data set's official distribution.</summary>
/// <param name="Name">The file name, relative to the source's base address.</param>
/// <param name="Checksum">Its published digest.</param>
public sealed record RemoteFile(string Name, FileChecksum Checksum)
{
    /// <summary>True for a <c>.tar.gz</c> archive, which is extracted after the download.</summary>
    public bool IsArchive => Name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || Name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
}
