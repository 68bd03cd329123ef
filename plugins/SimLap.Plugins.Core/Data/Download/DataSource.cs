namespace SimLap.Plugins.Core.Data.Download;

/// <summary>Where a data set's official files come from.</summary>
/// <param name="Name">The data set's name: its cache sub-folder, and its sub-folder under <c>$SIMLAP_DATA_MIRROR</c>.</param>
/// <param name="BaseUrl">The official base address, ending in <c>/</c>.</param>
/// <param name="Files">The files to fetch, relative to the base address, with their published checksums.</param>
/// <param name="ArchiveFolder">The folder the official archive extracts to (its files are looked for there too); null when the files are not archived.</param>
public sealed record DataSource(string Name, string BaseUrl, IReadOnlyList<RemoteFile> Files, string? ArchiveFolder = null)
{
    /// <summary>
    /// The address of <paramref name="file"/>: under <paramref name="mirror"/> when given, else under
    /// <c>&lt;environmentMirror&gt;/&lt;Name&gt;/</c> when that is given, else under the official base address.
    /// </summary>
    public Uri UrlOf(RemoteFile file, string? mirror, string? environmentMirror)
    {
        var baseUrl = !string.IsNullOrWhiteSpace(mirror) ? mirror
            : !string.IsNullOrWhiteSpace(environmentMirror) ? $"{environmentMirror.TrimEnd('/')}/{Name}/"
            : BaseUrl;
        return new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), file.Name);
    }

    /// <summary>The official addresses of the files, for messages.</summary>
    public string OfficialUrls => string.Join(", ", Files.Select(f => BaseUrl + f.Name));
}
