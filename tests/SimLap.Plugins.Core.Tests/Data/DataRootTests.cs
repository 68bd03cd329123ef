using SimLap.Plugins.Core.Data;
using SimLap.Plugins.Core.Data.Download;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class DataRootTests
{
    [Fact]
    public void WithoutACachedCopyTheFolderOfDebiansDatasetPackageIsUsed()
    {
        using var cache = new TempFolder();
        using var system = new TempFolder();
        Directory.CreateDirectory(Path.Combine(system.Path, "fashion-mnist"));

        var folder = DataRoot.Resolve("", "fashion-mnist", environmentValue: cache.Path, systemFolder: system.Path);

        Assert.Equal(Path.Combine(system.Path, "fashion-mnist"), folder);
    }

    [Fact]
    public void ACachedCopyComesBeforeTheSystemFolderAndDataRootBeforeBoth()
    {
        using var cache = new TempFolder();
        using var system = new TempFolder();
        Directory.CreateDirectory(Path.Combine(system.Path, "fashion-mnist"));
        Directory.CreateDirectory(Path.Combine(cache.Path, "fashion-mnist"));

        Assert.Equal(Path.Combine(cache.Path, "fashion-mnist"), DataRoot.Resolve("", "fashion-mnist", cache.Path, system.Path));
        Assert.Equal("/elsewhere/f", DataRoot.Resolve("/elsewhere/f", "fashion-mnist", cache.Path, system.Path));
    }

    [Fact]
    public void WhenNeitherExistsTheCacheFolderIsWhereFilesAreExpected()
    {
        using var cache = new TempFolder();
        using var system = new TempFolder();

        Assert.Equal(Path.Combine(cache.Path, "mnist"), DataRoot.Resolve("", "mnist", cache.Path, system.Path));
    }
}
