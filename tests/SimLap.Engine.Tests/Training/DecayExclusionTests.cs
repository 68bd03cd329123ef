using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace SimLap.Engine.Tests.Training;

/// <summary><c>train.optimizer.exclude_from_decay</c> (parameter groups without decay) and <c>train.grad_clip_norm</c>.</summary>
public sealed class DecayExclusionTests
{
    [Fact]
    public void AdamWDecaysWeightsButNotTheExcludedNormsBiasesClassTokenAndPositionEmbeddings()
    {
        var named = new (string, Parameter)[]
        {
            ("blocks.0.attn.qkv.weight", Ones(2, 2)),
            ("blocks.0.attn.qkv.bias", Ones(2)),
            ("blocks.0.norm1.weight", Ones(2)),
            ("cls_token", Ones(1, 1, 2)),
            ("pos_embed", Ones(1, 3, 2)),
        };
        foreach (var (_, parameter) in named)
        {
            parameter.grad = torch.zeros_like(parameter);
        }

        var options = new OptimizerOptions { Type = OptimizerKind.AdamW, Lr = 0.1, WeightDecay = 0.5, ExcludeFromDecay = ["norm", "bias", "cls_token", "pos_embed"] };
        using var optimizer = new TrainingOptimizer(options, named);
        optimizer.Step();

        // Zero gradients: AdamW's only change is the decoupled decay w * (1 - lr * wd) = 0.95, on the weight alone.
        Assert.Equal(0.95f, named[0].Item2.min().item<float>(), 6);
        foreach (var (name, parameter) in named.Skip(1))
        {
            Assert.True(parameter.eq(1f).all().item<bool>(), $"{name} was decayed");
        }
    }

    [Fact]
    public void WithoutExclusionsEveryParameterIsDecayedAsBefore()
    {
        using var bias = Ones(2);
        bias.grad = torch.zeros_like(bias);
        using var optimizer = new TrainingOptimizer(new OptimizerOptions { Type = OptimizerKind.AdamW, Lr = 0.1, WeightDecay = 0.5 }, [("layer.bias", bias)]);

        optimizer.Step();

        Assert.Equal(0.95f, bias.max().item<float>(), 6);
    }

    [Theory]
    [InlineData("bias", "conv.bias", 1, true)]
    [InlineData("bias", "bn.weight", 1, false)]
    [InlineData("norm", "bn.weight", 1, true)]
    [InlineData("norm", "conv.bias", 1, false)]
    [InlineData("norm", "conv.weight", 4, false)]
    [InlineData("cls_token", "cls_token", 3, true)]
    [InlineData("pos_embed", "encoder.pos_embed", 3, true)]
    [InlineData("pos_embed", "pos_embed_extra", 3, false)]
    public void EntriesMatchBiasesNormWeightsAndNameSegments(string entry, string name, int dims, bool excluded)
    {
        using var parameter = Ones([.. Enumerable.Repeat(2L, dims)]);

        Assert.Equal(excluded, DecayExclusion.Excluded(name, parameter, [entry]));
    }

    [Fact]
    public void AnEntryThatMatchesNoParameterIsAConfigurationErrorNamingIt()
    {
        using var weight = Ones(2, 2);
        var options = new OptimizerOptions { Type = OptimizerKind.AdamW, ExcludeFromDecay = ["cls_tokn"] };

        var error = Assert.Throws<ConfigurationException>(() => new TrainingOptimizer(options, [("conv.weight", weight)]));

        Assert.Contains("exclude_from_decay lists 'cls_tokn', which matches no parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientsAreClippedToTheGlobalNormBeforeTheStep()
    {
        using var first = new Parameter(torch.zeros(1));
        using var second = new Parameter(torch.zeros(1));
        first.grad = torch.tensor(new float[] { 3 });
        second.grad = torch.tensor(new float[] { 4 });
        var options = new OptimizerOptions { Type = OptimizerKind.Sgd, Lr = 1, Momentum = 0, WeightDecay = 0 };
        using var optimizer = new TrainingOptimizer(options, [("a", first), ("b", second)], gradClipNorm: 1);

        optimizer.Step();

        // Global norm 5 clipped to 1: the gradients become 0.6 and 0.8.
        Assert.Equal(-0.6f, first.item<float>(), 5);
        Assert.Equal(-0.8f, second.item<float>(), 5);
    }

    private static Parameter Ones(params long[] shape) => new(torch.ones(shape));
}
