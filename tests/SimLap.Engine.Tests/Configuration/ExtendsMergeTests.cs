using SimLap.Engine.Configuration;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

public sealed class ExtendsMergeTests : IDisposable
{
    private readonly TempFolder folder = new();

    public ExtendsMergeTests()
    {
        folder.Write("base/data.yaml", """
            data:
              type: synthetic
              image_size: 32
              shapes: 4
            train:
              epochs: 50
              batch_size: 256
              optimizer: {type: adam, lr: 0.001}
            head: {type: simlap-gate, embed: 512, fuse: true}
            eval:
              - {type: knn, k: 200}
              - {type: knn, k: 20}
            """);
        folder.Write("base/schedule.yaml", """
            train:
              epochs: 20
              optimizer: {lr: 0.01}
            augment: {type: simclr, crop_scale: [0.2, 1.0]}
            head: {embed: 64, hidden: 128}
            """);
        folder.Write("child.yaml", """
            extends: [base/data.yaml, base/schedule.yaml]
            name: child
            data:
              shapes: 2
            train:
              batch_size: 32
            augment:
              crop_scale: [0.5]
            head: {type: open}
            eval:
              - {type: knn, k: 5}
            """);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheChildWinsAndKeepsParentKeysItDoesNotSet()
    {
        var root = ExperimentFileLoader.Load(folder.Combine("child.yaml"));

        Assert.Equal("child", Text(root, "name"));
        Assert.Equal("synthetic", Text(root, "data.type"));
        Assert.Equal("32", Text(root, "data.image_size"));
        Assert.Equal("2", Text(root, "data.shapes"));
        Assert.Equal("32", Text(root, "train.batch_size"));
    }

    [Fact]
    public void LaterParentsWinOverEarlierOnesKeyByKeyInsideNestedMappings()
    {
        var root = ExperimentFileLoader.Load(folder.Combine("child.yaml"));

        Assert.Equal("20", Text(root, "train.epochs"));
        Assert.Equal("adam", Text(root, "train.optimizer.type"));
        Assert.Equal("0.01", Text(root, "train.optimizer.lr"));
    }

    [Fact]
    public void ListsAreReplacedNotMerged()
    {
        var root = ExperimentFileLoader.Load(folder.Combine("child.yaml"));

        var crop = Assert.IsType<ConfigList>(Node(root, "augment.crop_scale"));
        Assert.Equal(["0.5"], crop.Items.Select(i => ((ConfigScalar)i).Text));
        var eval = Assert.IsType<ConfigList>(root["eval"]);
        var only = Assert.IsType<ConfigMap>(Assert.Single(eval.Items));
        Assert.Equal("5", ((ConfigScalar)only["k"]!).Text);
    }

    [Fact]
    public void AChildNamingAnotherTypeDropsTheParentOptionsOfThatSection()
    {
        var root = ExperimentFileLoader.Load(folder.Combine("child.yaml"));

        var head = Assert.IsType<ConfigMap>(root["head"]);
        Assert.Equal(["type"], head.Entries.Select(e => e.Key));
        Assert.Equal("open", Text(root, "head.type"));
    }

    [Fact]
    public void AParentWithoutTypeMergesIntoTheSectionOfTheEarlierParent()
    {
        var root = ExperimentFileLoader.Load(folder.Combine("base/data.yaml"));
        var merged = (ConfigMap)ConfigMerger.Merge(root, ExperimentFileLoader.Load(folder.Combine("base/schedule.yaml")));

        Assert.Equal("simlap-gate", Text(merged, "head.type"));
        Assert.Equal("64", Text(merged, "head.embed"));
        Assert.Equal("true", Text(merged, "head.fuse"));
        Assert.Equal("128", Text(merged, "head.hidden"));
    }

    [Fact]
    public void TheExtendsKeyItselfIsNotPartOfTheResult()
    {
        var root = ExperimentFileLoader.Load(folder.Combine("child.yaml"));

        Assert.Null(root.Find(ExperimentFileLoader.ExtendsKey));
    }

    [Fact]
    public void ParentsAreFoundRelativeToTheFileThatNamesThem()
    {
        folder.Write("nested/deeper/leaf.yaml", "extends: ../middle.yaml\nname: leaf\n");
        folder.Write("nested/middle.yaml", "extends: [../base/data.yaml]\nseed: 3\n");

        var root = ExperimentFileLoader.Load(folder.Combine("nested/deeper/leaf.yaml"));

        Assert.Equal("leaf", Text(root, "name"));
        Assert.Equal("3", Text(root, "seed"));
        Assert.Equal("256", Text(root, "train.batch_size"));
    }

    [Fact]
    public void ACycleOfExtendsNamesTheWholeChainAtTheEntryThatClosesIt()
    {
        var a = folder.Write("a.yaml", "extends: b.yaml\nname: a\n");
        folder.Write("b.yaml", "name: b\nextends: [c.yaml]\n");
        folder.Write("c.yaml", "extends:\n  - a.yaml\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(a));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"{DisplayName(folder.Combine("c.yaml"))}:2:5: ", problem);
        Assert.Contains("extends itself through a.yaml -> b.yaml -> c.yaml -> a.yaml", problem);
    }

    [Fact]
    public void AFileExtendingItselfIsACycle()
    {
        var self = folder.Write("self.yaml", "name: self\nextends: self.yaml\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(self));

        Assert.StartsWith($"{DisplayName(self)}:2:10: ", error.Message);
        Assert.Contains("self.yaml -> self.yaml", error.Message);
    }

    [Fact]
    public void AMissingParentNamesTheFileAndTheLineOfItsExtendsEntryAndSuggestsANearName()
    {
        folder.Write("base/synthetic.yaml", "data: {type: synthetic}\n");
        var child = folder.Write("missing-parent.yaml", "name: child\nextends:\n  - base/synthetic.yaml\n  - base/synthetc.yaml\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(child));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"{DisplayName(child)}:4:5: experiment file '", problem);
        Assert.Contains("synthetc.yaml' not found.", problem);
        Assert.Contains("Did you mean 'synthetic.yaml'?", problem);
    }

    [Fact]
    public void AMissingParentFolderSaysTheFolderDoesNotExist()
    {
        var child = folder.Write("lost.yaml", "extends: nowhere/base.yaml\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(child));

        Assert.StartsWith($"{DisplayName(child)}:1:10: ", error.Message);
        Assert.Contains($"The folder '{folder.Combine("nowhere")}' does not exist either.", error.Message);
    }

    [Fact]
    public void AnExtendsEntryThatIsNotAPathIsAnErrorAtThatEntry()
    {
        var child = folder.Write("odd.yaml", "extends:\n  - base/data.yaml\n  - {file: x}\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(child));

        Assert.Equal($"{DisplayName(child)}:3:5: each entry of 'extends' must be a file path.", error.Message);
    }

    private static ConfigNode? Node(ConfigMap root, string dottedPath)
    {
        ConfigNode? node = root;
        foreach (var key in dottedPath.Split('.'))
        {
            node = Assert.IsType<ConfigMap>(node)[key];
        }

        return node;
    }

    private static string? Text(ConfigMap root, string dottedPath) => Assert.IsType<ConfigScalar>(Node(root, dottedPath)).Text;

    private static string DisplayName(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}
