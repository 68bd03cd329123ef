using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>Multi-head self-attention: one qkv projection, softmax(q k^T / sqrt(d)) v per head, an output projection.</summary>
internal sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly long heads;
    private readonly double scale;

    public SelfAttention(long width, long heads) : base(nameof(SelfAttention))
    {
        this.heads = heads;
        scale = 1.0 / Math.Sqrt(width / heads);
        qkv = nn.Linear(width, 3 * width);
        proj = nn.Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (batch, tokens, width) = (input.shape[0], input.shape[1], input.shape[2]);

        // [B, N, 3D] -> [3, B, heads, N, D / heads]
        var parts = qkv.call(input).reshape(batch, tokens, 3, heads, width / heads).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var weights = q.matmul(k.transpose(-2, -1)).mul(scale).softmax(-1);
        var mixed = weights.matmul(v).transpose(1, 2).reshape(batch, tokens, width);
        return proj.call(mixed).MoveToOuterDisposeScope();
    }
}
