using SimLap.Engine.Configuration;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

public sealed class YamlSyntaxErrorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_second_colon_on_a_line_is_reported_at_its_own_line_and_column()
    {
        var path = folder.Write("broken.yaml", "name: broken\ntrain:\n  epochs: 2: 3\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"{DisplayName(path)}:3:12: invalid YAML", problem);
    }

    [Fact]
    public void A_reserved_character_starting_a_value_is_reported_at_its_line_and_column()
    {
        var path = folder.Write("reserved.yaml", "name: ok\nseed: 1\ndevice: @cpu\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.StartsWith($"{DisplayName(path)}:3:9: invalid YAML", Assert.Single(error.Problems));
    }

    [Fact]
    public void An_unclosed_flow_mapping_is_an_invalid_yaml_error_naming_the_file()
    {
        var path = folder.Write("unclosed.yaml", "name: x\ndata: {type: synthetic, shapes: 2\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(DisplayName(path))}:[23]:[0-9]+: invalid YAML: ", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_key_written_twice_in_a_mapping_is_a_configuration_error_at_the_second_one()
    {
        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse("name: a\ntrain: {epochs: 2}\nseed: 1\ntrain: {epochs: 3}\n", "dup.yaml"));

        Assert.StartsWith("dup.yaml:4:1: ", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_second_document_is_rejected_at_the_line_where_it_starts()
    {
        var error = Assert.Throws<ConfigurationException>(() => YamlConfigReader.Parse("name: a\n---\nname: b\n", "two.yaml"));

        Assert.Equal("two.yaml:3:1: an experiment file holds one YAML document; found a second one (a '---' line).", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_file_that_is_a_list_is_rejected_as_not_a_mapping()
    {
        var path = folder.Write("list.yaml", "- a\n- b\n");

        var error = Assert.Throws<ConfigurationException>(() => ExperimentFileLoader.Load(path));

        Assert.Equal($"{DisplayName(path)}:1:1: an experiment file must be a mapping of keys (name:, data:, train:, ...).", error.Message);
    }

    [Fact]
    public void Parsed_nodes_remember_the_line_and_column_of_keys_and_values()
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
    public void Quoted_scalars_stay_text_and_plain_nulls_become_null()
    {
        var root = (ConfigMap)YamlConfigReader.Parse("a: '3'\nb: 3\nc: ~\nd:\ne: 'null'\n", "q.yaml");

        Assert.Equal(new ConfigScalar("3", true, new SourceLocation("q.yaml", 1, 4)), root["a"]);
        Assert.Equal(("3", false), Scalar(root["b"]));
        Assert.Equal((null, false), Scalar(root["c"]));
        Assert.Equal((null, false), Scalar(root["d"]));
        Assert.Equal(("null", true), Scalar(root["e"]));
    }

    [Fact]
    public void An_empty_file_is_an_empty_mapping()
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
