using SimLap.Contracts.Data;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Running;

/// <summary>The digest of a data set input: stable for the same files and settings, different when either changes.</summary>
public sealed class DatasetDigestTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheDigestIsTheFirst16HexOfSha256OverSettingsThenFilesAsDocumented()
    {
        var root = WriteFiles("data", ("a.bin", "abc"), ("sub/b.bin", ""));

        // sha256("simlap-dataset-digest/1\n" "setting 4:seed=1:7\n" "file 5:a.bin 3\n" "abc" "file 9:sub/b.bin 0\n"), by Python's hashlib.
        Assert.Equal("2ea7fec8f3288370", DatasetDigest.Compute(Local(root, ["sub/b.bin", "a.bin"], ("seed", "7"))));
        Assert.Equal("8f07556107d271bb", DatasetDigest.Compute(new DatasetDescription("empty", "code", "empty")));
    }

    [Fact]
    public void TheSameBytesInAnotherFolderGiveTheSameDigestAndAnyChangeGivesAnother()
    {
        var first = WriteFiles("first", ("train.bin", "0123456789"), ("test.bin", "abcdef"));
        var copy = WriteFiles("copy", ("train.bin", "0123456789"), ("test.bin", "abcdef"));
        var oneByte = WriteFiles("byte", ("train.bin", "0123456789"), ("test.bin", "abcdeF"));
        var longer = WriteFiles("longer", ("train.bin", "0123456789"), ("test.bin", "abcdefg"));
        var renamed = WriteFiles("renamed", ("train.bin", "0123456789"), ("t10k.bin", "abcdef"));
        string[] files = ["train.bin", "test.bin"];

        var digest = DatasetDigest.Compute(Local(first, files));

        Assert.Matches("^[0-9a-f]{16}$", digest);
        Assert.Equal(digest, DatasetDigest.Compute(Local(first, files)));
        Assert.Equal(digest, DatasetDigest.Compute(Local(copy, files)));
        Assert.Equal(digest, DatasetDigest.Compute(Local(first, ["test.bin", "train.bin"])));
        Assert.NotEqual(digest, DatasetDigest.Compute(Local(oneByte, files)));
        Assert.NotEqual(digest, DatasetDigest.Compute(Local(longer, files)));
        Assert.NotEqual(digest, DatasetDigest.Compute(Local(renamed, ["train.bin", "t10k.bin"])));
        Assert.NotEqual(digest, DatasetDigest.Compute(Local(first, ["train.bin"])));
        Assert.NotEqual(digest, DatasetDigest.Compute(Local(first, files, ("fraction", "0.5"))));
    }

    [Fact]
    public void GeneratorSettingsAloneIdentifyGeneratedDataInAnyOrder()
    {
        var settings = Generated(("seed", "7"), ("image_size", "32"), ("shapes", "4"));

        var digest = DatasetDigest.Compute(settings);

        Assert.Equal(digest, DatasetDigest.Compute(Generated(("shapes", "4"), ("seed", "7"), ("image_size", "32"))));
        Assert.NotEqual(digest, DatasetDigest.Compute(Generated(("seed", "8"), ("image_size", "32"), ("shapes", "4"))));
        Assert.NotEqual(digest, DatasetDigest.Compute(Generated(("seed", "7"), ("image_size", "16"), ("shapes", "4"))));
        // Lengths are hashed with each setting, so a value cannot run into the next key.
        Assert.NotEqual(DatasetDigest.Compute(Generated(("a", "1b=2"))), DatasetDigest.Compute(Generated(("a", "1"), ("b", "2"))));
    }

    [Fact]
    public void AMissingFileIsAnIoErrorNamingIt()
    {
        var root = WriteFiles("gone", ("train.bin", "x"));

        var error = Assert.ThrowsAny<IOException>(() => DatasetDigest.Compute(Local(root, ["train.bin", "test.bin"])));

        Assert.Contains("test.bin", error.Message, StringComparison.Ordinal);
    }

    private static DatasetDescription Local(string root, string[] files, params (string Key, string Value)[] settings) =>
        new("set", "local", root) { Files = [.. files.Select(f => Path.Combine(root, f))], Settings = settings.ToDictionary(s => s.Key, s => s.Value) };

    private static DatasetDescription Generated(params (string Key, string Value)[] settings) =>
        new("synthetic", "code", "synthetic") { Settings = settings.ToDictionary(s => s.Key, s => s.Value) };

    private string WriteFiles(string name, params (string Path, string Content)[] files)
    {
        var root = folder.Combine(name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return root;
    }
}
