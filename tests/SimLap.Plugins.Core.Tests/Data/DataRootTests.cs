using SimLap.Plugins.Core.Data;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class DataRootTests
{
    [Fact]
    public void Without_a_cached_copy_the_folder_of_Debians_dataset_package_is_used()
    {
        using var cache = new TempFolder();
        using var system = new TempFolder();
        Directory.CreateDirectory(Path.Combine(system.Path, "fashion-mnist"));

        var folder = DataRoot.Resolve("", "fashion-mnist", environmentValue: cache.Path, systemFolder: system.Path);

        Assert.Equal(Path.Combine(system.Path, "fashion-mnist"), folder);
    }

    [Fact]
    public void A_cached_copy_comes_before_the_system_folder_and_data_root_before_both()
    {
        using var cache = new TempFolder();
        using var system = new TempFolder();
        Directory.CreateDirectory(Path.Combine(system.Path, "fashion-mnist"));
        Directory.CreateDirectory(Path.Combine(cache.Path, "fashion-mnist"));

        Assert.Equal(Path.Combine(cache.Path, "fashion-mnist"), DataRoot.Resolve("", "fashion-mnist", cache.Path, system.Path));
        Assert.Equal("/elsewhere/f", DataRoot.Resolve("/elsewhere/f", "fashion-mnist", cache.Path, system.Path));
    }

    [Fact]
    public void When_neither_exists_the_cache_folder_is_where_files_are_expected()
    {
        using var cache = new TempFolder();
        using var system = new TempFolder();

        Assert.Equal(Path.Combine(cache.Path, "mnist"), DataRoot.Resolve("", "mnist", cache.Path, system.Path));
    }
}
