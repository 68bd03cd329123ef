using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>
/// The networks of the core plugin written out by hand (same layers, same shapes, same FLOPs) for the plain
/// TorchSharp baseline loop: no plugin, no component context, no framework type anywhere.
/// </summary>
internal static class HandModels
{
    /// <summary>small-cnn: conv3x3 (no bias) - BN - ReLU per width, stride 1 then 2, global average pool.</summary>
    public static nn.Module<Tensor, Tensor> SmallCnn(long inChannels, IReadOnlyList<int> widths) => new SmallCnn(inChannels, widths);

    /// <summary>small-cnn's layers without the pooling, in order: conv1, bn1, relu1, conv2, ...</summary>
    public static Sequential SmallCnnLayers(long inChannels, IReadOnlyList<int> widths)
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        var channels = inChannels;
        for (var i = 0; i < widths.Count; i++)
        {
            blocks.Add(($"conv{i + 1}", nn.Conv2d(channels, widths[i], 3, stride: i == 0 ? 1 : 2, padding: 1, bias: false)));
            blocks.Add(($"bn{i + 1}", nn.BatchNorm2d(widths[i])));
            blocks.Add(($"relu{i + 1}", nn.ReLU()));
            channels = widths[i];
        }

        return nn.Sequential(blocks);
    }

    /// <summary>resnet18-cifar: 3x3 stem, four stages of two basic blocks, global average pool.</summary>
    public static nn.Module<Tensor, Tensor> ResNet18(long inChannels, long width) => new ResNet18(inChannels, width);

    /// <summary>The core plugin's initialisation: He-normal convolutions (fan-out), uniform linear layers, N(0, 1) embeddings, unit norms.</summary>
    public static void Initialize(nn.Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    conv.weight!.normal_(0.0, Math.Sqrt(2.0 / (conv.weight.shape[0] * conv.weight.shape[2] * conv.weight.shape[3])), generator);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    var bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                    linear.weight.uniform_(-bound, bound, generator);
                    linear.bias?.uniform_(-bound, bound, generator);
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0.0, 1.0, generator);
                    break;
                case BatchNorm2d or BatchNorm1d or LayerNorm:
                    foreach (var (name, parameter) in module.named_parameters(recurse: false))
                    {
                        _ = name == "weight" ? parameter.fill_(1.0) : parameter.zero_();
                    }

                    break;
            }
        }
    }

    /// <summary>The 2-layer MLP projector: Linear - BN - ReLU - Linear - LayerNorm.</summary>
    public static nn.Module<Tensor, Tensor> Projector(long features, long hidden, long output) => nn.Sequential(
        ("fc1", nn.Linear(features, hidden)),
        ("bn1", nn.BatchNorm1d(hidden)),
        ("relu1", nn.ReLU()),
        ("fc2", nn.Linear(hidden, output)),
        ("norm", nn.LayerNorm(output)));
}

internal sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stages;

    public SmallCnn(long inChannels, IReadOnlyList<int> widths) : base(nameof(SmallCnn))
    {
        stages = HandModels.SmallCnnLayers(inChannels, widths);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var features = stages.call(input);
        return features.mean([2, 3]);
    }
}

internal sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public ResNet18(long inChannels, long width) : base(nameof(ResNet18))
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("conv", nn.Conv2d(inChannels, width, 3, stride: 1, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(width)),
            ("relu", nn.ReLU()),
        };
        var channels = width;
        long[] multipliers = [1, 2, 4, 8];
        for (var stage = 0; stage < 4; stage++)
        {
            var outChannels = multipliers[stage] * width;
            for (var block = 0; block < 2; block++)
            {
                layers.Add(($"layer{stage + 1}_{block}", new Block(channels, outChannels, block == 0 && stage > 0 ? 2 : 1)));
                channels = outChannels;
            }
        }

        body = nn.Sequential(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var features = body.call(input);
        return features.mean([2, 3]);
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv1;
        private readonly nn.Module<Tensor, Tensor> bn1;
        private readonly nn.Module<Tensor, Tensor> conv2;
        private readonly nn.Module<Tensor, Tensor> bn2;
        private readonly nn.Module<Tensor, Tensor> shortcut;

        public Block(long inChannels, long outChannels, long stride) : base(nameof(Block))
        {
            conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(outChannels);
            conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(outChannels);
            shortcut = stride != 1 || inChannels != outChannels
                ? nn.Sequential(("conv", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("bn", nn.BatchNorm2d(outChannels)))
                : nn.Identity();
            RegisterComponents();
        }

        // Intermediates are released as soon as they are used (autograd keeps what it needs): the idiomatic TorchSharp
        // way, and ~1 GiB less resident memory than leaving them to the step's dispose scope at width 64.
        public override Tensor forward(Tensor input)
        {
            using var a = conv1.call(input);
            using var b = bn1.call(a);
            using var c = nn.functional.relu(b);
            using var d = conv2.call(c);
            using var e = bn2.call(d);
            using var skip = shortcut.call(input);
            using var sum = e.add(skip);
            return nn.functional.relu(sum);
        }
    }
}

/// <summary>The fused SimLAP gate: class embeddings of anchor and partner averaged, an MLP, a sigmoid.</summary>
internal sealed class HandGate : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly Sequential fusion;

    public HandGate(long classes, long embed, long hidden, long dim) : base(nameof(HandGate))
    {
        embedding = nn.Embedding(classes, embed);
        fusion = nn.Sequential(
            ("relu1", nn.ReLU()),
            ("bn1", nn.BatchNorm1d(embed)),
            ("fc1", nn.Linear(embed, hidden)),
            ("relu2", nn.ReLU()),
            ("bn2", nn.BatchNorm1d(hidden)),
            ("fc2", nn.Linear(hidden, dim)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor anchors, Tensor partners) =>
        fusion.call(embedding.call(anchors).add(embedding.call(partners)).div(2.0)).sigmoid();
}

/// <summary>The SimLAP multi-positive loss on gated cosines (symmetric), written out by hand.</summary>
internal static class HandLoss
{
    private const double Eps = 1e-12;

    public static Tensor Compute(Tensor z1, Tensor z2, Tensor gates, Tensor labels, Tensor partners, double temperature)
    {
        var positives = labels.unsqueeze(0).eq(partners.unsqueeze(1));
        var sameAsAnchor = labels.unsqueeze(0).eq(labels.unsqueeze(1));
        var excluded = sameAsAnchor.logical_and(positives.logical_not());
        var negatives = positives.logical_or(excluded).logical_not();
        return Direction(z1, z2, gates, positives, negatives, temperature)
            .add(Direction(z2, z1, gates, positives, negatives, temperature)).div(2.0);
    }

    private static Tensor Direction(Tensor anchors, Tensor keys, Tensor gates, Tensor positives, Tensor negatives, double temperature)
    {
        var g2 = gates.square();
        var dot = g2.mul(anchors).matmul(keys.t());
        var anchorNorm = gates.mul(anchors).norm(1, true).clamp_min(Eps);
        var keyNorm = g2.matmul(keys.square().t()).clamp_min(Eps * Eps).sqrt();
        var l = dot.div(anchorNorm).div(keyNorm).mul(1.0 / temperature);
        l = l.sub(l.mean([1], keepdim: true));
        var negativeLse = l.masked_fill(negatives.logical_not(), double.NegativeInfinity).logsumexp(1, keepdim: true);
        var perPair = l.logaddexp(negativeLse).sub(l);
        var pf = positives.to(l.dtype);
        var count = pf.sum(1);
        var perAnchor = perPair.mul(pf).sum(1).div(count.clamp_min(1.0));
        var hasPositive = count.gt(0).to(l.dtype);
        return perAnchor.mul(hasPositive).sum().div(hasPositive.sum().clamp_min(1.0));
    }
}
