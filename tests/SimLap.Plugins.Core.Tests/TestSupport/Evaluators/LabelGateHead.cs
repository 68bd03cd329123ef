using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>A fake gate over C dimensions: g(a, b) opens dimension a, and dimension b too when symmetric.</summary>
internal sealed class LabelGateHead(long classes, bool symmetric) : ISubspaceHead
{
    public nn.Module Network { get; } = nn.Sequential();

    public int Calls { get; private set; }

    public HeadOutput Gate(PairAssignment pairs)
    {
        Calls++;
        var gates = nn.functional.one_hot(pairs.AnchorLabels, classes).to(ScalarType.Float32);
        if (symmetric)
        {
            gates = gates.maximum(nn.functional.one_hot(pairs.PartnerLabels, classes).to(ScalarType.Float32));
        }

        return new HeadOutput(gates, zeros(Array.Empty<long>()), new Dictionary<string, Tensor>());
    }
}
