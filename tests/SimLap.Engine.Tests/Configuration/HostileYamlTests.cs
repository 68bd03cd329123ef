using System.Text;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

/// <summary>Files made to exhaust the reader end in a located error naming the limit, and YAML 1.1 merge keys work.</summary>
public sealed class HostileYamlTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ABillionLaughsFileStopsAtTheAliasExpansionLimitAtTheAliasThatCrossesIt()
    {
        var text = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        foreach (var (name, previous) in "bcdefghi".Zip("abcdefgh"))
        {
            text.Append($"{name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse(text.ToString(), "laughs.yaml"));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("laughs.yaml:6:", problem);
        Assert.Contains("100,000 values", problem);
        Assert.Contains("aliases", problem);
    }

    [Fact]
    public void AFewAliasesWithinTheBudgetShareTheirAnchorAndKeepItsValues()
    {
        var root = (ConfigMap)YamlConfigReader.Parse("x-lr: &lr 0.1\ntrain: {optimizer: {lr: *lr}}\nprobe: *lr\n", "ok.yaml");

        var lr = (ConfigScalar)((ConfigMap)((ConfigMap)root["train"]!)["optimizer"]!)["lr"]!;
        Assert.Equal("0.1", lr.Text);
        Assert.Equal(new SourceLocation("ok.yaml", 2, 25), lr.Location);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void TwentyThousandNestedFlowCollectionsStopAtTheDepthLimitWithoutOverflowingTheStack(string open, string close)
    {
        var text = "x: " + string.Concat(Enumerable.Repeat(open, 20_000)) + "1" + string.Concat(Enumerable.Repeat(close, 20_000)) + "\n";

        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse(text, "deep.yaml"));

        Assert.Matches(@"^deep\.yaml:1:\d+: lists and mappings are nested more than 64 deep", Assert.Single(error.Problems));
    }

    [Fact]
    public void BlockMappingsNestedPastTheLimitAreReportedAtTheLineThatCrossesIt()
    {
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', 2 * i) + $"k{i}:\n")) + new string(' ', 200) + "v\n";

        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse(text, "block.yaml"));

        Assert.StartsWith("block.yaml:65:", Assert.Single(error.Problems));
    }

    [Fact]
    public void AFileLargerThanOneMebibyteIsRefusedBeforeItIsParsed()
    {
        var path = folder.Write("big.yaml", "name: big\n# " + new string('x', YamlLimits.MaxDocumentBytes) + "\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.Contains("larger than 1024 KiB", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("name: t\ntrain:\n  epochs: 2\n\tbatch_size: 4\n", 4, 1)]
    [InlineData("name: t\ntrain:\n\tepochs: 2\n", 3, 1)]
    public void ATabUsedForIndentationIsReportedAtItsOwnLineAndColumn(string text, int line, int column)
    {
        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse(text, "tab.yaml"));

        Assert.Equal($"tab.yaml:{line}:{column}: invalid YAML: a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AMergeKeyBringsInTheAnchoredMappingAndTheMappingsOwnKeysWin()
    {
        var root = (ConfigMap)YamlConfigReader.Parse("x-d: &d {epochs: 1, batch_size: 16}\ntrain:\n  <<: *d\n  batch_size: 32\n", "m.yaml");

        var train = (ConfigMap)root["train"]!;
        Assert.Equal(["batch_size", "epochs"], train.Entries.Select(e => e.Key).Order());
        Assert.Equal("32", ((ConfigScalar)train["batch_size"]!).Text);
        Assert.Equal("1", ((ConfigScalar)train["epochs"]!).Text);
        Assert.Equal(new SourceLocation("m.yaml", 1, 10), train.Find("epochs")!.KeyLocation);
    }

    [Fact]
    public void AListOfMergedMappingsLetsTheFirstListedWin()
    {
        var root = (ConfigMap)YamlConfigReader.Parse("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n", "m.yaml");

        var c = (ConfigMap)root["c"]!;
        Assert.Equal("1", ((ConfigScalar)c["k"]!).Text);
        Assert.Equal("3", ((ConfigScalar)c["j"]!).Text);
    }

    [Fact]
    public void AMergeKeyOnAScalarIsRefusedByName()
    {
        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse("train:\n  <<: 3\n", "m.yaml"));

        Assert.Equal("m.yaml:2:7: a merge key '<<' takes a mapping or a list of mappings (usually an alias such as <<: *defaults).", Assert.Single(error.Problems));
    }

    [Fact]
    public void AMistypedKeyBroughtInByAMergeIsReportedWhereItWasWritten()
    {
        var path = folder.Write("merged.yaml", "x-d: &d {epochs: 1, batch_sise: 16}\ntrain:\n  <<: *d\n");

        var root = ExperimentFileLoader.Load(path);

        Assert.Null(root["x-d"]);
        var entry = ((ConfigMap)root["train"]!).Find("batch_sise")!;
        Assert.Equal(1, entry.KeyLocation.Line);
        Assert.Equal(21, entry.KeyLocation.Column);
    }

    [Fact]
    public void ADirectoryInExtendsIsReportedAsADirectory()
    {
        folder.Write("base/a.yaml", "seed: 1\n");
        var path = folder.Write("child.yaml", "extends: base\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        var problem = Assert.Single(error.Problems);
        Assert.Matches(@"child\.yaml:1:10: '[^']*base' is a directory, not an experiment file; name a \.yaml file such as ", problem);
        Assert.Contains("base/a.yaml", problem);
    }

    [Fact]
    public void InvalidUtf8IsReportedAtTheByteThatBreaksIt()
    {
        var path = folder.Combine("bad.yaml");
        File.WriteAllBytes(path, [.. "name: ok\nseed: 1\ndevice: "u8, 0xC3, 0x28, .. "\n"u8]);

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.EndsWith("bad.yaml:3:9: the byte 0xC3 is not valid UTF-8; experiment files are UTF-8 text: save the file as UTF-8.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsAccepted()
    {
        var path = folder.Combine("bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "seed: 7\n"u8]);

        var root = ExperimentFileLoader.Load(path);

        Assert.Equal("7", ((ConfigScalar)root["seed"]!).Text);
    }

    [Theory]
    [InlineData("sweep:\n  seeds: []\n", "'sweep.seeds' must be a non-empty list")]
    [InlineData("sweep:\n  random: {n: 0, params: {seed: [1, 2]}}\n", "'sweep.random.n' is 0; it must be between 1 and 10,000")]
    [InlineData("sweep:\n  zip: {}\n", "'sweep.zip' lists no keys")]
    public void ASweepBlockThatMakesNoTrialsIsALocatedError(string text, string expected)
    {
        var root = (ConfigMap)YamlConfigReader.Parse(text, "s.yaml");

        var error = Assert.Throws<ConfigurationException>(() => SweepExpander.Expand(root["sweep"]));

        Assert.Contains(expected, Assert.Single(error.Problems));
        Assert.StartsWith("s.yaml:", error.Problems[0]);
    }

    [Fact]
    public void AGridPastTenThousandTrialsIsRefusedBeforeItIsExpanded()
    {
        var values = "[" + string.Join(", ", Enumerable.Range(0, 10)) + "]";
        var grid = string.Concat(Enumerable.Range(0, 12).Select(i => $"    k{i}: {values}\n"));
        var root = (ConfigMap)YamlConfigReader.Parse("sweep:\n  grid:\n" + grid, "g.yaml");

        var error = Assert.Throws<ConfigurationException>(() => SweepExpander.Expand(root["sweep"]));

        Assert.Equal("g.yaml:3:5: 'sweep.grid' takes the sweep to 10,000 trials or more; a sweep may have at most 10,000: use fewer values or a random sweep.".Replace("10,000 trials", "100,000 trials"), Assert.Single(error.Problems));
    }
}
