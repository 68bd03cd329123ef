using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit.Tests;

/// <summary>vit-tiny and vit-small: shapes, defaults, gradients, seeding, stochastic depth, training and checkpoints.</summary>
public sealed class VitBackboneTests
{
    private static IBackbone Tiny(int depth = 2, int size = 32, bool classToken = true, double dropPath = 0, long seed = 1, int patch = 0, int channels = 3) =>
        new VitTinyBackbone(new VitTinyOptions { Depth = depth, ClassToken = classToken, DropPath = dropPath, PatchSize = patch }, VitTestContext.Create(seed, size, channels));

    [Fact]
    public void VitTinyHasDeiTTinysDefaultsAndParameterCount()
    {
        var options = new VitTinyOptions();
        Assert.Equal((192, 12, 3, 4.0, true), (options.Width, options.Depth, options.Heads, options.MlpRatio, options.ClassToken));

        var backbone = new VitTinyBackbone(options, VitTestContext.Create());

        // Patch 4 at 32 px: conv 3*4*4*192 + 192, cls 192, pos 65*192, 12 blocks of 444,864, final norm 384.
        Assert.Equal(192L, backbone.FeatureDim);
        Assert.Equal(5_360_832L, backbone.Network.parameters().Sum(p => p.numel()));
        Assert.Equal(new long[] { 1, 65, 192 }, Parameter(backbone, "pos_embed").shape);
        Assert.Equal(new long[] { 576, 192 }, Parameter(backbone, "blocks.11.attn.qkv.weight").shape);
        Assert.Equal(new long[] { 768, 192 }, Parameter(backbone, "blocks.0.mlp.fc1.weight").shape);
    }

    [Fact]
    public void VitSmallHasDeiTSmallsWidthAndHeads()
    {
        var options = new VitSmallOptions { Depth = 1 };
        Assert.Equal((384, 12, 6, 4.0), (options.Width, new VitSmallOptions().Depth, options.Heads, options.MlpRatio));

        var backbone = new VitSmallBackbone(options, VitTestContext.Create(size: 224));

        // Patch 16 at 224 px: 14 x 14 patches plus the class token.
        Assert.Equal(384L, backbone.FeatureDim);
        Assert.Equal(new long[] { 384, 3, 16, 16 }, Parameter(backbone, "patch_embed.weight").shape);
        Assert.Equal(new long[] { 1, 197, 384 }, Parameter(backbone, "pos_embed").shape);
    }

    [Theory]
    [InlineData(32, 32, true)]
    [InlineData(32, 16, true)]
    [InlineData(32, 48, false)]
    [InlineData(28, 28, false)]
    public void ImagesOfSeveralSizesGiveFeaturesOfTheWidth(int trainedSize, int inputSize, bool classToken)
    {
        using var scope = NewDisposeScope();
        var backbone = Tiny(size: trainedSize, classToken: classToken);

        // Other sizes than the data set's resize the position embeddings to the new patch grid.
        ShapeChecks.OutputShape(backbone.Network, VitTestContext.RandomImages(3, 3, inputSize, 2), 3, 192);
        Assert.Equal(classToken, backbone.Network.named_parameters().Any(p => p.name == "cls_token"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientsReachEveryParameter(bool classToken)
    {
        using var scope = NewDisposeScope();
        var backbone = Tiny(classToken: classToken, dropPath: 0.1);

        ModuleChecks.GradientsReachEveryParameter(backbone.Network, VitTestContext.RandomImages(2, 3, 32, 4));
    }

    [Fact]
    public void TheInitialisationComesFromTheComponentGenerator()
    {
        var first = Tiny(seed: 3);
        var same = Tiny(seed: 3);
        var other = Tiny(seed: 4);

        foreach (var name in new[] { "patch_embed.weight", "pos_embed", "blocks.1.attn.qkv.weight", "cls_token" })
        {
            Assert.True(Parameter(first, name).eq(Parameter(same, name)).all().item<bool>(), name);
            Assert.False(Parameter(first, name).eq(Parameter(other, name)).all().item<bool>(), name);
        }

        // Linear weights: N(0, 0.02) truncated at 2 std (std of that law: 0.88 x 0.02); biases 0; norms 1.
        var qkv = Parameter(first, "blocks.0.attn.qkv.weight");
        Assert.InRange(qkv.abs().max().item<float>(), 0.035f, 0.04f);
        Assert.InRange(qkv.std().item<float>(), 0.0170f, 0.0182f);
        Assert.Equal(0f, Parameter(first, "blocks.0.attn.qkv.bias").abs().sum().item<float>());
        Assert.Equal(1f, Parameter(first, "blocks.0.norm1.weight").min().item<float>());
    }

    [Fact]
    public void DropPathIsRandomInTrainingReproducibleForASeedAndOffInEvaluation()
    {
        using var scope = NewDisposeScope();
        var images = VitTestContext.RandomImages(8, 3, 32, 6);
        var first = Tiny(dropPath: 0.5);
        var same = Tiny(dropPath: 0.5);

        var a = first.Network.call(images);
        var b = first.Network.call(images);
        Assert.False(a.allclose(b));
        Assert.True(a.eq(same.Network.call(images)).all().item<bool>());

        first.Network.eval();
        Assert.True(first.Network.call(images).eq(first.Network.call(images)).all().item<bool>());
    }

    [Fact]
    public void AFewTrainingStepsReduceTheLossOnTinyData()
    {
        using var scope = NewDisposeScope();
        var backbone = Tiny(size: 16);
        var images = VitTestContext.RandomImages(4, 3, 16, 11);
        var labels = tensor(new long[] { 0, 1, 0, 1 });
        using var head = nn.Linear(backbone.FeatureDim, 2);
        using var optimizer = optim.AdamW(backbone.Network.parameters().Concat(head.parameters()), 1e-4);
        var losses = new List<float>();
        for (var step = 0; step < 8; step++)
        {
            using var stepScope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(head.call(backbone.Network.call(images)), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < losses[0] * 0.9f, $"losses: {string.Join(", ", losses)}");
    }

    [Fact]
    public void ACheckpointRoundTripRestoresEveryParameter()
    {
        using var scope = NewDisposeScope();
        var trained = Tiny(seed: 1);
        var images = VitTestContext.RandomImages(2, 3, 32, 9);
        var path = Path.Combine(Path.GetTempPath(), $"vit-tiny-{Guid.NewGuid():N}.dat");
        try
        {
            trained.Network.save(path);
            var restored = Tiny(seed: 2);
            Assert.False(trained.Network.call(images).allclose(restored.Network.call(images)));
            restored.Network.load(path);

            Assert.True(trained.Network.call(images).eq(restored.Network.call(images)).all().item<bool>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PatchesFollowTheImageSizeUnlessSet()
    {
        Assert.Equal(4, new VitTinyOptions().PatchFor(32, 32));
        Assert.Equal(4, new VitTinyOptions().PatchFor(64, 64));
        Assert.Equal(16, new VitTinyOptions().PatchFor(224, 224));
        Assert.Equal(8, new VitTinyOptions { PatchSize = 8 }.PatchFor(224, 224));
        Assert.Equal(new long[] { 1, 50, 192 }, Parameter(Tiny(depth: 1, size: 28, patch: 4, channels: 1), "pos_embed").shape);
    }

    [Fact]
    public void BadShapesAreRefusedWithTheOptionNamed()
    {
        var results = new List<ValidationResult>();
        var options = new VitTinyOptions { Heads = 5 };
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains("heads = 5 does not divide width = 192", results.Single().ErrorMessage, StringComparison.Ordinal);

        var error = Assert.Throws<ArgumentException>(() => Tiny(size: 8, patch: 16));
        Assert.Contains("patch_size = 16 is larger than the 8x8 images", error.Message, StringComparison.Ordinal);
    }

    private static Tensor Parameter(IBackbone backbone, string name) =>
        backbone.Network.named_parameters().Single(named => named.name == name).parameter;
}
