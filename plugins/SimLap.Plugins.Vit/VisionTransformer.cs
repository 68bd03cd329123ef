using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>
/// A ViT (Dosovitskiy et al.): a strided-conv patch embedding, learned position embeddings, pre-norm transformer
/// blocks, a final LayerNorm, then the class token or the mean of the patch tokens as the [B, width] features.
/// Images of another size than the data set's get their position embeddings resized bicubically (as timm does).
/// Parameter names follow timm's (patch_embed, cls_token, pos_embed, blocks.i.attn.qkv, norm), so
/// <c>train.optimizer.exclude_from_decay</c> can name them.
/// </summary>
internal sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d patchEmbed;
    private readonly Parameter? classToken;
    private readonly Parameter positions;
    private readonly Sequential blocks;
    private readonly LayerNorm norm;
    private readonly VitShape shape;

    public VisionTransformer(VitShape shape, Generator dropGenerator) : base(nameof(VisionTransformer))
    {
        this.shape = shape;
        patchEmbed = nn.Conv2d(shape.Channels, shape.Width, shape.Patch, stride: shape.Patch);
        var prefix = shape.ClassToken ? 1 : 0;
        classToken = shape.ClassToken ? new Parameter(zeros(1, 1, shape.Width)) : null;
        positions = new Parameter(zeros(1, prefix + ((long)shape.GridHeight * shape.GridWidth), shape.Width));
        var list = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < shape.Depth; i++)
        {
            var rate = shape.Depth > 1 ? shape.DropPath * i / (shape.Depth - 1) : shape.DropPath;
            list.Add(($"{i}", new TransformerBlock(shape.Width, shape.Heads, shape.MlpRatio, rate, dropGenerator)));
        }

        blocks = nn.Sequential(list);
        norm = nn.LayerNorm(shape.Width, eps: 1e-6);

        register_module("patch_embed", patchEmbed);
        if (classToken is not null)
        {
            register_parameter("cls_token", classToken);
        }

        register_parameter("pos_embed", positions);
        register_module("blocks", blocks);
        register_module("norm", norm);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var grid = patchEmbed.call(input);
        var (height, width) = (grid.shape[2], grid.shape[3]);
        var tokens = grid.flatten(2).transpose(1, 2);
        if (classToken is not null)
        {
            tokens = cat([classToken.expand(tokens.shape[0], -1, -1), tokens], 1);
        }

        var x = blocks.call(tokens.add(PositionsFor(height, width)));
        var normed = norm.call(x);
        var features = classToken is not null ? normed.select(1, 0) : normed.mean([1]);
        return features.MoveToOuterDisposeScope();
    }

    /// <summary>The position embeddings for a grid of <paramref name="height"/> x <paramref name="width"/> patches.</summary>
    private Tensor PositionsFor(long height, long width)
    {
        if (height == shape.GridHeight && width == shape.GridWidth)
        {
            return positions;
        }

        var prefix = classToken is not null ? 1 : 0;
        var grid = positions.narrow(1, prefix, (long)shape.GridHeight * shape.GridWidth)
            .reshape(1, shape.GridHeight, shape.GridWidth, shape.Width)
            .permute(0, 3, 1, 2);
        var resized = nn.functional.interpolate(grid, size: [height, width], mode: InterpolationMode.Bicubic, align_corners: false)
            .permute(0, 2, 3, 1)
            .reshape(1, height * width, shape.Width);
        return prefix == 0 ? resized : cat([positions.narrow(1, 0, prefix), resized], 1);
    }
}
