using SimLap.Engine.Configuration;

namespace SimLap.Engine.Tests.Configuration;

public sealed class SuggestTests
{
    private static readonly string[] GateKeys = ["embed", "hidden", "fuse", "penalty", "type"];
    private static readonly string[] TopLevel = ["name", "seed", "device", "threads", "plugins", "train", "tracking", "data", "augment", "backbone", "projector", "pairs", "head", "loss", "eval"];

    [Theory]
    [InlineData("fusee", "fuse")]
    [InlineData("hiden", "hidden")]
    [InlineData("penality", "penalty")]
    [InlineData("EMBED", "embed")]
    public void A_typo_of_a_gate_key_finds_the_key(string found, string expected) =>
        Assert.Equal(expected, Suggest.Nearest(found, GateKeys));

    [Theory]
    [InlineData("trian", "train")]
    [InlineData("projecter", "projector")]
    [InlineData("evals", "eval")]
    [InlineData("backbon", "backbone")]
    public void A_typo_of_a_section_finds_the_section(string found, string expected) =>
        Assert.Equal(expected, Suggest.Nearest(found, TopLevel));

    [Theory]
    [InlineData("optimizer")]
    [InlineData("xyz")]
    [InlineData("learning_rate")]
    public void A_word_far_from_every_candidate_has_no_suggestion(string found) =>
        Assert.Null(Suggest.Nearest(found, TopLevel));

    [Fact]
    public void Two_edits_are_always_allowed_even_for_short_words() =>
        Assert.Equal("k", Suggest.Nearest("kk", ["k", "temperature"]));

    [Fact]
    public void A_third_of_the_length_is_allowed_for_long_words()
    {
        Assert.Equal("resnet18-cifar", Suggest.Nearest("resnet34-cifr", ["small-cnn", "resnet18-cifar"]));
        Assert.Null(Suggest.Nearest("resnet50-imgnet", ["small-cnn", "resnet18-cifar"]));
    }

    [Fact]
    public void A_prefix_of_three_or_more_letters_is_accepted_however_far_the_rest_is()
    {
        Assert.Equal("multi-positive", Suggest.Nearest("multi", ["multi-positive"]));
        Assert.Equal("resnet18-cifar", Suggest.Nearest("RES", ["resnet18-cifar"]));
        Assert.Null(Suggest.Nearest("mu", ["multi-positive-loss"]));
    }

    [Fact]
    public void A_prefix_match_is_suggested_even_when_an_unrelated_candidate_is_fewer_edits_away()
    {
        // `loss: {type: multi}` should point at multi-positive; "nt-xent" is fewer edits from "multi" than
        // "multi-positive" is, but it shares nothing with it.
        Assert.Equal("multi-positive", Suggest.Nearest("multi", ["multi-positive", "nt-xent"]));
    }

    [Fact]
    public void Ties_go_to_the_first_candidate() =>
        Assert.Equal("cat", Suggest.Nearest("bat", ["cat", "hat"]));

    [Fact]
    public void No_candidates_means_no_suggestion() =>
        Assert.Null(Suggest.Nearest("anything", []));

    [Fact]
    public void DidYouMean_is_a_sentence_or_nothing()
    {
        Assert.Equal(" Did you mean 'simlap-gate'?", Suggest.DidYouMean("simlap-gat", ["open", "simlap-gate"]));
        Assert.Equal("", Suggest.DidYouMean("zzzzzz", ["open", "simlap-gate"]));
    }
}
