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
    public void ATypoOfAGateKeyFindsTheKey(string found, string expected) =>
        Assert.Equal(expected, Suggest.Nearest(found, GateKeys));

    [Theory]
    [InlineData("trian", "train")]
    [InlineData("projecter", "projector")]
    [InlineData("evals", "eval")]
    [InlineData("backbon", "backbone")]
    public void ATypoOfASectionFindsTheSection(string found, string expected) =>
        Assert.Equal(expected, Suggest.Nearest(found, TopLevel));

    [Theory]
    [InlineData("optimizer")]
    [InlineData("xyz")]
    [InlineData("learning_rate")]
    public void AWordFarFromEveryCandidateHasNoSuggestion(string found) =>
        Assert.Null(Suggest.Nearest(found, TopLevel));

    [Fact]
    public void TwoEditsAreAlwaysAllowedEvenForShortWords() =>
        Assert.Equal("k", Suggest.Nearest("kk", ["k", "temperature"]));

    [Fact]
    public void AThirdOfTheLengthIsAllowedForLongWords()
    {
        Assert.Equal("resnet18-cifar", Suggest.Nearest("resnet34-cifr", ["small-cnn", "resnet18-cifar"]));
        Assert.Null(Suggest.Nearest("resnet50-imgnet", ["small-cnn", "resnet18-cifar"]));
    }

    [Fact]
    public void APrefixOfThreeOrMoreLettersIsAcceptedHoweverFarTheRestIs()
    {
        Assert.Equal("multi-positive", Suggest.Nearest("multi", ["multi-positive"]));
        Assert.Equal("resnet18-cifar", Suggest.Nearest("RES", ["resnet18-cifar"]));
        Assert.Null(Suggest.Nearest("mu", ["multi-positive-loss"]));
    }

    [Fact]
    public void APrefixMatchIsSuggestedEvenWhenAnUnrelatedCandidateIsFewerEditsAway()
    {
        // `loss: {type: multi}` should point at multi-positive; "nt-xent" is fewer edits from "multi" than
        // "multi-positive" is, but it shares nothing with it.
        Assert.Equal("multi-positive", Suggest.Nearest("multi", ["multi-positive", "nt-xent"]));
    }

    [Fact]
    public void TiesGoToTheFirstCandidate() =>
        Assert.Equal("cat", Suggest.Nearest("bat", ["cat", "hat"]));

    [Fact]
    public void NoCandidatesMeansNoSuggestion() =>
        Assert.Null(Suggest.Nearest("anything", []));

    [Fact]
    public void DidYouMeanIsASentenceOrNothing()
    {
        Assert.Equal(" Did you mean 'simlap-gate'?", Suggest.DidYouMean("simlap-gat", ["open", "simlap-gate"]));
        Assert.Equal("", Suggest.DidYouMean("zzzzzz", ["open", "simlap-gate"]));
    }
}
