using Microsoft.Extensions.Logging;

namespace SimLap.Plugins.Core.Data.Download;

/// <summary>
/// Finds a data set's files in its folder (or in the sub-folder its official archive extracts to), and, when they
/// are missing, downloads them or says exactly which files to place where.
/// </summary>
public static class DataFiles
{
    /// <summary>
    /// The paths of <paramref name="names"/>, all from one folder: <paramref name="folder"/> or its
    /// <see cref="DataSource.ArchiveFolder"/> sub-folder. With <paramref name="gzipAlternatives"/>, <c>name.gz</c> stands in for a missing <c>name</c>.
    /// Downloads the source's files first when some are missing and <paramref name="download"/> is set.
    /// The message for missing files asks for <paramref name="allNames"/> (every file the configured splits need; default <paramref name="names"/>),
    /// so the user places everything at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Files are missing and cannot be downloaded; the message says what to place where.</exception>
    /// <exception cref="InvalidDataException">A download does not match its checksum.</exception>
    public static IReadOnlyList<string> Ensure(
        DataSource source, string folder, IReadOnlyList<string> names, bool gzipAlternatives,
        bool download, string? mirror, ILogger logger, IReadOnlyList<string>? allNames = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(names);
        allNames ??= names;
        if (TryLocate(source, folder, names, gzipAlternatives) is { } found)
        {
            return found;
        }

        if (!download)
        {
            throw new InvalidOperationException(MissingMessage(source, folder, names, allNames, gzipAlternatives, reason: null));
        }

        try
        {
            Fetch(source, folder, mirror, logger, handler);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(MissingMessage(source, folder, names, allNames, gzipAlternatives, reason: e.Message), e);
        }

        return TryLocate(source, folder, names, gzipAlternatives)
            ?? throw new InvalidDataException(
                $"The {source.Name} files were downloaded and verified, but {string.Join(", ", Missing(source, folder, names, gzipAlternatives))} " +
                $"are still not in '{folder}'{(source.ArchiveFolder is null ? "" : $" nor in '{Path.Combine(folder, source.ArchiveFolder)}'")}.");
    }

    /// <summary>
    /// What <see cref="Ensure"/> would find, without downloading: the paths of <paramref name="names"/> when all are
    /// there; null when some are missing and <paramref name="download"/> is set (a run fetches them); otherwise throws
    /// the message <see cref="Ensure"/> gives.
    /// </summary>
    /// <exception cref="InvalidOperationException">Files are missing and <paramref name="download"/> is off.</exception>
    public static IReadOnlyList<string>? Existing(
        DataSource source, string folder, IReadOnlyList<string> names, bool gzipAlternatives, bool download, IReadOnlyList<string>? allNames = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(names);
        return TryLocate(source, folder, names, gzipAlternatives) ?? (download
            ? null
            : throw new InvalidOperationException(MissingMessage(source, folder, names, allNames ?? names, gzipAlternatives, reason: null)));
    }

    /// <summary>Downloads (resuming, verifying) and extracts every file of <paramref name="source"/> into <paramref name="folder"/>.</summary>
    public static void Fetch(DataSource source, string folder, string? mirror, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(folder);
        using var downloader = new HttpDownloader(logger, handler);
        foreach (var file in source.Files)
        {
            var url = source.UrlOf(file, mirror, Environment.GetEnvironmentVariable(DataRoot.MirrorVariable));
            var target = Path.Combine(folder, file.Name);
            if (File.Exists(target) && file.Checksum.Matches(target, out _))
            {
                logger.LogInformation("{File} is already in {Folder} and verified.", file.Name, folder);
            }
            else
            {
                logger.LogInformation("Downloading {Url} into {Folder}.", url, folder);
                downloader.Fetch(url, target, file.Checksum);
            }

            if (file.IsArchive)
            {
                logger.LogInformation("Extracting {File} into {Folder}.", file.Name, folder);
                ArchiveExtractor.ExtractTarGz(target, folder);
                File.Delete(target);
            }
        }
    }

    private static IReadOnlyList<string>? TryLocate(DataSource source, string folder, IReadOnlyList<string> names, bool gzipAlternatives)
    {
        foreach (var candidate in Candidates(source, folder))
        {
            var paths = names.Select(name => Find(candidate, name, gzipAlternatives)).ToList();
            if (paths.All(path => path is not null))
            {
                return paths!;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(DataSource source, string folder) =>
        source.ArchiveFolder is null ? [folder] : [folder, Path.Combine(folder, source.ArchiveFolder)];

    private static string? Find(string folder, string name, bool gzipAlternatives)
    {
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return path;
        }

        return gzipAlternatives && File.Exists(path + ".gz") ? path + ".gz" : null;
    }

    private static IEnumerable<string> Missing(DataSource source, string folder, IReadOnlyList<string> names, bool gzipAlternatives) =>
        names.Where(name => Candidates(source, folder).All(candidate => Find(candidate, name, gzipAlternatives) is null));

    private static string MissingMessage(DataSource source, string folder, IReadOnlyList<string> names, IReadOnlyList<string> allNames, bool gzipAlternatives, string? reason)
    {
        var files = string.Join(", ", allNames.Select(name => gzipAlternatives ? $"{name}.gz (or the unzipped {name})" : name));
        var where = source.ArchiveFolder is null
            ? $"'{folder}'"
            : $"'{folder}' (or leave them in the '{source.ArchiveFolder}' folder that the official archive extracts to, inside it)";
        var start = reason is null
            ? $"The {source.Name} data set's files are not in '{folder}' (missing: {string.Join(", ", Missing(source, folder, names, gzipAlternatives))}), and data.download is false."
            : $"The {source.Name} data set's files are not in '{folder}', and downloading them failed: {reason}";
        return $"{start} Place {files} in {where}; the official files are {source.OfficialUrls}. " +
            (reason is null ? "Or set data.download: true to fetch and verify them (needs network access). " : "") +
            $"The folder is {DataRoot.SearchOrder(source.Name)}.";
    }
}
