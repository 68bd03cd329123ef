using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>A pre-norm transformer block: x + drop_path(attn(norm1(x))), then x + drop_path(mlp(norm2(x))).</summary>
internal sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly SelfAttention attn;
    private readonly LayerNorm norm2;
    private readonly Sequential mlp;
    private readonly DropPath dropPath;

    public TransformerBlock(long width, long heads, double mlpRatio, double dropRate, Generator dropGenerator) : base(nameof(TransformerBlock))
    {
        var hidden = (long)Math.Round(width * mlpRatio);
        norm1 = nn.LayerNorm(width, eps: 1e-6);
        attn = new SelfAttention(width, heads);
        norm2 = nn.LayerNorm(width, eps: 1e-6);
        mlp = nn.Sequential(("fc1", nn.Linear(width, hidden)), ("act", nn.GELU()), ("fc2", nn.Linear(hidden, width)));
        dropPath = new DropPath(dropRate, dropGenerator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.add(dropPath.call(attn.call(norm1.call(input))));
        var y = x.add(dropPath.call(mlp.call(norm2.call(x))));
        return y.MoveToOuterDisposeScope();
    }
}
