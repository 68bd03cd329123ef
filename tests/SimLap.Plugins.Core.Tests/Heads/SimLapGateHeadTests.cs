using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Heads;
using SimLap.Plugins.Core.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Heads;

public sealed class SimLapGateHeadTests
{
    [Fact]
    public void ProductGateAndPenaltyMatchHandComputedValues()
    {
        var head = new SimLapGateHead(new SimLapGateOptions { Fuse = false, Penalty = 0.1 }, LossTestContext.Create(embeddingDim: 2));
        var table = Assert.Single(head.Network.parameters());
        Assert.Equal(new long[] { 3, 2 }, table.shape);

        // sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4, sigmoid(ln 4) = 4/5.
        using (no_grad())
        {
            table.copy_(tensor(new double[,] { { 0, Math.Log(3) }, { Math.Log(4), -Math.Log(3) }, { Math.Log(3), 0 } }, dtype: ScalarType.Float32));
        }

        var pairs = PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2 }), tensor(new long[] { 1, 2, 0 }));
        var output = head.Gate(pairs);

        // g(0,1) = (1/2 * 4/5, 3/4 * 1/4), g(1,2) = (4/5 * 3/4, 1/4 * 1/2), g(2,0) = (3/4 * 1/2, 1/2 * 3/4).
        double[] expected = [0.4, 0.1875, 0.6, 0.125, 0.375, 0.375];
        var actual = LossTestContext.Values(output.Gates);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 6);
        }

        var entropy = expected.Average(p => -((p * Math.Log(p)) + ((1 - p) * Math.Log(1 - p))));
        Assert.Equal(0.5880829227946545, entropy, 12);
        Assert.Equal(0.1 * entropy, output.Penalty.item<float>(), 6);
        Assert.Equal(entropy, output.Diagnostics["gate_entropy"].item<float>(), 6);
        Assert.Equal(0.34375, output.Diagnostics["gate_mean"].item<float>(), 6);
        Assert.False(output.Diagnostics["gate_mean"].requires_grad);
    }

    [Fact]
    public void FusedGateIsStrictlyInsideTheUnitIntervalWithTheRightShape()
    {
        torch.manual_seed(5);
        var head = new SimLapGateHead(new SimLapGateOptions { Embed = 8, Hidden = 16 }, LossTestContext.Create(embeddingDim: 5, seed: 5));
        var pairs = PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2, 2 }), tensor(new long[] { 1, 1, 0, 2 }));

        var output = head.Gate(pairs);

        Assert.Equal(new long[] { 4, 5 }, output.Gates.shape);
        Assert.True(output.Gates.gt(0).all().item<bool>());
        Assert.True(output.Gates.lt(1).all().item<bool>());
        Assert.Equal(0.0f, output.Penalty.item<float>());
        Assert.Equal(new[] { "embedding.weight", "fusion.bn1.bias", "fusion.bn1.weight", "fusion.bn2.bias", "fusion.bn2.weight", "fusion.fc1.bias", "fusion.fc1.weight", "fusion.fc2.bias", "fusion.fc2.weight" },
            head.Network.named_parameters().Select(p => p.name).Order().ToArray());
    }

    [Fact]
    public void FusedGateWithoutBatchNormGivesAPairTheSameGateInAnyBatch()
    {
        var options = new SimLapGateOptions { Embed = 8, Hidden = 16, BatchNorm = false };
        var head = new SimLapGateHead(options, LossTestContext.Create(embeddingDim: 5, seed: 5));
        var withBatchNorm = new SimLapGateHead(new SimLapGateOptions { Embed = 8, Hidden = 16 }, LossTestContext.Create(embeddingDim: 5, seed: 5));
        var alone = PairAssignment.ForClasses(tensor(new long[] { 0, 1 }), tensor(new long[] { 1, 1 }));
        var inBatch = PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2, 2 }), tensor(new long[] { 1, 1, 0, 2 }));

        // Training mode: BatchNorm normalises over the batch's pair codes, so the gate of (0, 1) moves with the other
        // pairs of its batch; without it, G is ReLU, Linear, ReLU, Linear and the gate is the pair's alone.
        Assert.Equal(LossTestContext.Values(head.Gate(alone).Gates)[..5], LossTestContext.Values(head.Gate(inBatch).Gates)[..5]);
        Assert.NotEqual(LossTestContext.Values(withBatchNorm.Gate(alone).Gates)[..5], LossTestContext.Values(withBatchNorm.Gate(inBatch).Gates)[..5]);
        Assert.Equal(new[] { "embedding.weight", "fusion.fc1.bias", "fusion.fc1.weight", "fusion.fc2.bias", "fusion.fc2.weight" },
            head.Network.named_parameters().Select(p => p.name).Order().ToArray());
        Assert.DoesNotContain(head.Network.named_modules(), m => m.module is TorchSharp.Modules.BatchNorm1d);
    }

    [Fact]
    public void InitialisationComesFromTheContextGenerator()
    {
        torch.manual_seed(1);
        var first = new SimLapGateHead(new SimLapGateOptions { Embed = 4, Hidden = 6 }, LossTestContext.Create(embeddingDim: 3, seed: 7));
        torch.manual_seed(2);
        var second = new SimLapGateHead(new SimLapGateOptions { Embed = 4, Hidden = 6 }, LossTestContext.Create(embeddingDim: 3, seed: 7));

        foreach (var (a, b) in first.Network.parameters().Zip(second.Network.parameters()))
        {
            Assert.True(a.eq(b).all().item<bool>());
        }
    }

    [Fact]
    public void OpenHeadGivesOnesAndNoPenalty()
    {
        var head = new OpenHead(new NoOptions(), LossTestContext.Create(embeddingDim: 4));
        var output = head.Gate(PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2 }), tensor(new long[] { 0, 1, 2 })));

        Assert.Equal(new long[] { 3, 4 }, output.Gates.shape);
        Assert.True(output.Gates.eq(1).all().item<bool>());
        Assert.Equal(0.0f, output.Penalty.item<float>());
        Assert.Empty(head.Network.parameters());
    }
}
