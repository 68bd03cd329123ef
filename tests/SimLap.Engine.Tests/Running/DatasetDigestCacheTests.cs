using SimLap.Contracts.Data;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Running;

/// <summary>
/// <see cref="DatasetDigestCache"/>: an unchanged folder's digest is remembered by each file's path, size and last-write
/// time, any change of those hashes the files again, and an entry that does not check out is never trusted.
/// </summary>
public sealed class DatasetDigestCacheTests : IDisposable
{
    private static readonly DateTime January = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime February = new(2020, 2, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder folder = new();
    private readonly DatasetDigestCache cache;

    public DatasetDigestCacheTests() => cache = new DatasetDigestCache(folder.Combine("cache"));

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AnUnchangedFolderIsNotReadAgain()
    {
        var description = WriteImages(("cat/0.png", "aaaa"), ("dog/0.png", "bbbb"));
        var digest = cache.Digest(description);

        // New bytes of the same size under the same time: only a digest that was remembered stays the same.
        Rewrite(description, "dog/0.png", "cccc", January);

        Assert.Equal(DatasetDigest.Compute(WriteImages(("cat/0.png", "aaaa"), ("dog/0.png", "bbbb"))), digest);
        Assert.Equal(digest, cache.Digest(description));
        Assert.NotEqual(digest, DatasetDigest.Compute(description));
    }

    [Fact]
    public void AFileRewrittenWithTheSameSizeAndANewTimeChangesTheDigest()
    {
        var description = WriteImages(("cat/0.png", "aaaa"), ("dog/0.png", "bbbb"));
        var before = cache.Digest(description);

        Rewrite(description, "dog/0.png", "cccc", February);
        var after = cache.Digest(description);

        Assert.NotEqual(before, after);
        Assert.Equal(DatasetDigest.Compute(description), after);
        // The new digest is what is remembered now.
        Rewrite(description, "dog/0.png", "dddd", February);
        Assert.Equal(after, cache.Digest(description));
    }

    [Fact]
    public void AnEntryWithTheWrongSizeOfAFileIsNotUsedAndIsRewritten()
    {
        var description = WriteImages(("cat/0.png", "aaaa"), ("dog/0.png", "bbbb"));
        var files = description.Files.Order(StringComparer.Ordinal).ToList();
        var entry = cache.EntryPath(description, files);
        var stamps = files.Select(DatasetDigestCache.Stamp).ToList();
        cache.Write(entry, "0123456789abcdef", [stamps[0], stamps[1] with { Size = stamps[1].Size + 1 }]);

        var digest = cache.Digest(description);

        Assert.Equal(DatasetDigest.Compute(description), digest);
        Assert.Contains($"digest {digest}\n", File.ReadAllText(entry), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("cut")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void ADamagedEntryIsIgnoredAndRewritten(string damage)
    {
        var description = WriteImages(("cat/0.png", "aaaa"), ("dog/0.png", "bbbb"));
        var digest = cache.Digest(description);
        var entry = cache.EntryPath(description, [.. description.Files.Order(StringComparer.Ordinal)]);
        var good = File.ReadAllText(entry);
        // A damaged entry whose digest would otherwise be used: the files are unchanged.
        var other = digest[..^1] + (digest[^1] == '0' ? '1' : '0');
        File.WriteAllText(entry, damage switch
        {
            "flipped" => good.Replace($"digest {digest}", $"digest {other}", StringComparison.Ordinal),
            "cut" => good[..^10],
            "garbage" => "\0\u00ff not an entry \n",
            _ => "",
        });

        Assert.Equal(digest, cache.Digest(description));
        Assert.Equal(good, File.ReadAllText(entry));
    }

    [Fact]
    public void FilesWrittenJustBeforeHashingAreNotRemembered()
    {
        var description = WriteImages(("cat/0.png", "aaaa"));
        File.SetLastWriteTimeUtc(description.Files[0], DateTime.UtcNow);

        var digest = cache.Digest(description);

        Assert.Equal(DatasetDigest.Compute(description), digest);
        Assert.False(Directory.Exists(cache.Folder) && Directory.EnumerateFiles(cache.Folder).Any(), "a file written just now was remembered.");
    }

    [Fact]
    public void AMissingFileIsStillAnIoErrorNamingIt()
    {
        var description = WriteImages(("cat/0.png", "aaaa"));
        description = description with { Files = [.. description.Files, Path.Combine(description.Source, "dog", "1.png")] };

        var error = Assert.ThrowsAny<IOException>(() => cache.Digest(description));

        Assert.Contains("1.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUsersCacheIsUnderXdgCacheHome()
    {
        // The test process's XDG_CACHE_HOME is set by IsolatedDataHome.
        Assert.Equal(Path.Combine(IsolatedDataHome.CachePath, "simlap", "dataset-digests"), DatasetDigestCache.ForUser().Folder);
    }

    /// <summary>An image folder's description (a fresh folder per call), its files last written in January 2020.</summary>
    private DatasetDescription WriteImages(params (string Path, string Content)[] files)
    {
        var root = folder.Combine("images-" + Guid.NewGuid().ToString("N"));
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            File.SetLastWriteTimeUtc(full, January);
        }

        return new DatasetDescription("image-folder", "local", root) { Files = [.. files.Select(f => Path.Combine(root, f.Path))], Settings = new Dictionary<string, string> { ["image_size"] = "32" } };
    }

    private static void Rewrite(DatasetDescription description, string file, string content, DateTime written)
    {
        var path = Path.Combine(description.Source, file);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, written);
    }
}
