using SimLap.Engine.Configuration;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

public sealed class YamlSyntaxErrorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ASecondColonOnALineIsReportedAtItsOwnLineAndColumn()
    {
        var path = folder.Write("broken.yaml", "name: broken\ntrain:\n  epochs: 2: 3\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"{DisplayName(path)}:3:12: invalid YAML", problem);
    }

    [Fact]
    public void AReservedCharacterStartingAValueIsReportedAtItsLineAndColumn()
    {
        var path = folder.Write("reserved.yaml", "name: ok\nseed: 1\ndevice: @cpu\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.StartsWith($"{DisplayName(path)}:3:9: invalid YAML", Assert.Single(error.Problems));
    }

    [Fact]
    public void AnUnclosedFlowMappingIsAnInvalidYamlErrorNamingTheFile()
    {
        var path = folder.Write("unclosed.yaml", "name: x\ndata: {type: synthetic, shapes: 2\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(DisplayName(path))}:[23]:[0-9]+: invalid YAML: ", Assert.Single(error.Problems));
    }

    [Fact]
    public void AKeyWrittenTwiceInAMappingIsAConfigurationErrorAtTheSecondOne()
    {
        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse("name: a\ntrain: {epochs: 2}\nseed: 1\ntrain: {epochs: 3}\n", "dup.yaml"));

        Assert.StartsWith("dup.yaml:4:1: ", Assert.Single(error.Problems));
    }

    [Fact]
    public void ASecondDocumentIsRejectedAtTheLineWhereItStarts()
    {
        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse("name: a\n---\nname: b\n", "two.yaml"));

        Assert.Equal("two.yaml:3:1: an experiment file holds one YAML document; found a second one (a '---' line).", Assert.Single(error.Problems));
    }

    [Fact]
    public void AFileThatIsAListIsRejectedAsNotAMapping()
    {
        var path = folder.Write("list.yaml", "- a\n- b\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.Equal($"{DisplayName(path)}:1:1: an experiment file must be a mapping of keys (name:, data:, train:, ...).", error.Message);
    }

    [Fact]
    public void ParsedNodesRememberTheLineAndColumnOfKeysAndValues()
    {
        var root = (ConfigMap)YamlConfigReader.Parse("name: x\ntrain:\n  epochs: 5\n  crop: [0.5, 1.0]\n", "here.yaml");

        var train = Assert.IsType<ConfigMap>(root["train"]);
        var epochs = train.Find("epochs")!;
        Assert.Equal(new SourceLocation("here.yaml", 3, 3), epochs.KeyLocation);
        Assert.Equal(new SourceLocation("here.yaml", 3, 11), epochs.Value.Location);
        var crop = Assert.IsType<ConfigList>(train["crop"]);
        Assert.Equal(new SourceLocation("here.yaml", 4, 15), crop.Items[1].Location);
        Assert.Equal("here.yaml:4:15", crop.Items[1].Location.ToString());
    }

    [Fact]
    public void QuotedScalarsStayTextAndPlainNullsBecomeNull()
    {
        var root = (ConfigMap)YamlConfigReader.Parse("a: '3'\nb: 3\nc: ~\nd:\ne: 'null'\n", "q.yaml");

        Assert.Equal(new ConfigScalar("3", true, new SourceLocation("q.yaml", 1, 4)), root["a"]);
        Assert.Equal(("3", false), Scalar(root["b"]));
        Assert.Equal((null, false), Scalar(root["c"]));
        Assert.Equal((null, false), Scalar(root["d"]));
        Assert.Equal(("null", true), Scalar(root["e"]));
    }

    [Fact]
    public void AnEmptyFileIsAnEmptyMapping()
    {
        var root = Assert.IsType<ConfigMap>(YamlConfigReader.Parse("# only a comment\n", "empty.yaml"));

        Assert.Empty(root.Entries);
    }

    private static (string? Text, bool Quoted) Scalar(ConfigNode? node)
    {
        var scalar = Assert.IsType<ConfigScalar>(node);
        return (scalar.Text, scalar.Quoted);
    }

    private static string DisplayName(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}
