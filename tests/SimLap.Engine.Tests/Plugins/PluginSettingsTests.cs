using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Plugins;

/// <summary>The experiment's <c>plugins:</c> key: a list of folders, or <c>{ paths, pin }</c>.</summary>
public sealed class PluginSettingsTests
{
    private const string Hash = "3F5A9E0C1B2D4F6A8C0E2A4C6E8A0C2E4A6C8E0A2C4E6A8C0E2A4C6E8A0C2E4A";
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "experiments");

    [Fact]
    public void TheListFormNamesFoldersRelativeToTheFileThatWroteThem()
    {
        var settings = PluginSettings.Read(List(Scalar("../plugins", 3)), Folder);

        var (path, namedAt) = Assert.Single(settings.Folders);
        Assert.Equal(Path.GetFullPath(Path.Combine(Folder, "../plugins")), path);
        Assert.Equal(3, namedAt.Line);
        Assert.Empty(settings.Pins);
    }

    [Fact]
    public void TheMappingFormHasPathsAndPinsWithOrWithoutASha256Prefix()
    {
        var node = Map(("paths", List(Scalar("a", 2), Scalar("b", 2))), ("pin", Map(("My.Plugin", Scalar("sha256:" + Hash, 4)), ("Other", Scalar(Hash.ToLowerInvariant(), 5)))));

        var settings = PluginSettings.Read(node, Folder);

        Assert.Equal([Path.Combine(Folder, "a"), Path.Combine(Folder, "b")], settings.Folders.Select(f => f.Folder));
        Assert.Equal([("My.Plugin", Hash.ToLowerInvariant()), ("Other", Hash.ToLowerInvariant())], settings.Pins.Select(p => (p.Plugin, p.Sha256)));
        Assert.Equal(4, settings.Pins[0].Location.Line);
    }

    [Fact]
    public void UnknownKeysBadHashesAndEmptyFoldersAreEachReportedWithTheirLocation()
    {
        var node = Map(("path", List()), ("pin", Map(("My.Plugin", Scalar("abc", 7)))), ("paths", List(Scalar("", 9))));

        var error = Assert.Throws<ConfigurationException>(() => PluginSettings.Read(node, Folder));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("unknown key 'plugins.path'. Did you mean 'paths'?", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.EndsWith(" no hash).", StringComparison.Ordinal) is false && p.Contains("exp.yaml:7:", StringComparison.Ordinal) && p.Contains("'plugins.pin.My.Plugin' must be the SHA-256", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("exp.yaml:9:", StringComparison.Ordinal) && p.Contains("empty entry would load plugins from the experiment's own folder", StringComparison.Ordinal));
    }

    [Fact]
    public void ForBindingTheMappingIsReducedToItsPaths()
    {
        var paths = List(Scalar("a", 2));
        var root = new ConfigMap([new ConfigEntry("plugins", Location(1), Map(("paths", paths), ("pin", Map())))], Location(1));

        var bound = PluginSettings.ForBinding(root);

        Assert.Same(paths, bound["plugins"]);
    }

    [Fact]
    public void ARelativeOrEmptySIMLAPPLUGINPATHNeverMeansTheWorkingDirectory()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "p");

        Assert.Equal([absolute], PluginLoading.EnvironmentFolders($"{Path.PathSeparator}{absolute}{Path.PathSeparator}").Select(f => f.Folder));
        Assert.Empty(PluginLoading.EnvironmentFolders(""));
        var error = Assert.Throws<ConfigurationException>(() => PluginLoading.EnvironmentFolders("plugins"));
        Assert.Contains("'plugins' is a relative path", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => PluginLoading.EnvironmentFolders("."));
    }

    [Fact]
    public void PinsReportAMissingPluginAndADifferentFolderHashNamingTheFilesAManifestPinLists()
    {
        var pinned = new PluginManifest("Found.sha256", [("Found.dll", new string('a', 64)), ("Dep.dll", new string('b', 64)), ("Gone.dll", new string('c', 64))]);
        var now = new PluginManifest("/p/Found", [("Found.dll", new string('a', 64)), ("Dep.dll", new string('d', 64)), ("New.dll", new string('e', 64))]);
        var good = new PluginManifest("/p/Good", [("Good.dll", new string('f', 64))]);
        PluginPin[] pins = [new("Found", pinned.Sha256, Location(4)) { Manifest = pinned }, new("Missin", good.Sha256, Location(5)), new("Good", good.Sha256, Location(6))];

        var problems = PluginLoading.CheckPins([("Found", now), ("Good", good), ("Missing", good)], pins);

        Assert.Equal(2, problems.Count);
        Assert.Equal($"exp.yaml:4:1: plugin Found (/p/Found) does not match its pin: changed Dep.dll; added New.dll; removed Gone.dll; expected SHA-256 {pinned.Sha256}, actual {now.Sha256}. Nothing was run; update the pin only if you trust the new files.", problems[0]);
        Assert.StartsWith("exp.yaml:5:1: plugin Missin is pinned but was not found. Did you mean 'Missing'?", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void APinOfTheMainDllAloneIsRefusedWithTheFolderHashToPinInstead()
    {
        var dll = new string('a', 64);
        var folder = new PluginManifest("/p/Old", [("Old.dll", dll), ("Dep.dll", new string('b', 64))]);

        var problem = Assert.Single(PluginLoading.CheckPins([("Old", folder)], [new PluginPin("Old", dll, Location(3))]));

        Assert.Contains("plugins.pin.Old is the SHA-256 of Old.dll alone, an old-style pin", problem, StringComparison.Ordinal);
        Assert.Contains($"Pin the plugin's folder (/p/Old) instead: Old: {folder.Sha256}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AManifestFilePinAndAllowWritableAreReadAndABadManifestLineIsReportedWithItsLine()
    {
        using var temp = new TempFolder();
        var manifestText = $"{new string('a', 64)}  My.Plugin.dll\n{new string('b', 64)} *runtimes/x/lib.so\n";
        File.WriteAllText(temp.Combine("my.sha256"), manifestText);
        File.WriteAllText(temp.Combine("bad.sha256"), "not a line\n");
        var node = Map(("pin", Map(("My.Plugin", ScalarIn(temp, "my.sha256", 4)), ("Bad", ScalarIn(temp, "bad.sha256", 5)))), ("allow_writable", Scalar("true", 6)));

        var error = Assert.Throws<ConfigurationException>(() => PluginSettings.Read(node, Folder));
        var problem = Assert.Single(error.Problems);
        Assert.Contains($"{temp.Combine("bad.sha256")}:1: expected '<sha-256>  <relative path>'", problem, StringComparison.Ordinal);

        var settings = PluginSettings.Read(Map(("pin", Map(("My.Plugin", ScalarIn(temp, "my.sha256", 4)))), ("allow_writable", Scalar("true", 6))), Folder);
        var pin = Assert.Single(settings.Pins);
        Assert.True(settings.AllowWritable);
        Assert.Equal(["My.Plugin.dll", "runtimes/x/lib.so"], pin.Manifest!.Files.Select(f => f.Path));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(manifestText.Replace(" *", "  ", StringComparison.Ordinal)))), pin.Sha256);
    }

    [Fact]
    public void TheListFormIsNormalisedToPathsSoThatAPinOverrideAppliesToIt()
    {
        var root = new ConfigMap([new ConfigEntry("plugins", Location(1), List(Scalar("a", 2)))], Location(1));

        var overridden = ConfigOverrides.Apply(PluginSettings.Normalize(root), [$"plugins.pin={{My.Plugin: {Hash}}}"]);
        var settings = PluginSettings.Read(overridden["plugins"], Folder);

        Assert.Equal([Path.Combine(Folder, "a")], settings.Folders.Select(f => f.Folder));
        Assert.Equal("My.Plugin", Assert.Single(settings.Pins).Plugin);
    }

    [Theory]
    [InlineData("plugins: [a]\n", "My.Plugin")]
    [InlineData("plugins:\n  paths: [a]\n", "My.Plugin")]
    [InlineData("plugins:\n  paths: [a]\n  pin:\n    Other.Plugin: 0000000000000000000000000000000000000000000000000000000000000000\n", "Other.Plugin,My.Plugin")]
    public void ThePinRecipeOfDocsPluginsWorksWithTheListAndTheMappingForm(string yaml, string pinned)
    {
        // What ExperimentResolver does with --set: the file read as YAML, plugins: normalised, then the overrides applied.
        var root = (ConfigMap)YamlConfigReader.Parse(yaml, Path.Combine(Folder, "exp.yaml"));

        var overridden = ConfigOverrides.Apply(PluginSettings.Normalize(root), [$"plugins.pin={{My.Plugin: {Hash}}}"]);
        var settings = PluginSettings.Read(overridden["plugins"], Folder);

        Assert.Equal([Path.Combine(Folder, "a")], settings.Folders.Select(f => f.Folder));
        // A pin given with --set joins the pins the file writes.
        Assert.Equal(pinned.Split(','), settings.Pins.Select(p => p.Plugin));
        Assert.Equal(Hash.ToLowerInvariant(), settings.Pins.Single(p => p.Plugin == "My.Plugin").Sha256);
    }

    private static ConfigScalar ScalarIn(TempFolder folder, string text, int line) => new(text, false, new SourceLocation(folder.Combine("exp.yaml"), line, 1));

    private static SourceLocation Location(int line) => new("exp.yaml", line, 1);

    private static ConfigScalar Scalar(string text, int line) => new(text, false, new SourceLocation(Path.Combine(Folder, "exp.yaml"), line, 1));

    private static ConfigList List(params ConfigNode[] items) => new(items, Location(1));

    private static ConfigMap Map(params (string Key, ConfigNode Value)[] entries) =>
        new(entries.Select(e => new ConfigEntry(e.Key, e.Value.Location with { File = "exp.yaml" }, e.Value)).ToList(), Location(1));
}
