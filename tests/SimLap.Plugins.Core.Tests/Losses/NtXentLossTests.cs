using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class NtXentLossTests
{
    [Fact]
    public void MatchesTheHandComputedValueForTwoImages()
    {
        // Unnormalised on purpose: the loss normalises. Normalised: a0 = (1,0), a1 = (0,1), b0 = (1,1)/sqrt2, b1 = (-1,1)/sqrt2.
        var view1 = tensor(new double[,] { { 3, 0 }, { 0, 2 } }, dtype: ScalarType.Float32);
        var view2 = tensor(new double[,] { { 1, 1 }, { -2, 2 } }, dtype: ScalarType.Float32);
        var labels = tensor(new long[] { 0, 1 });
        var input = new LossInput(view1, view2, PairAssignment.ForInstances(labels), ones(2, 2), view1, view2);

        var loss = new NtXentLoss(new NtXentOptions(), LossTestContext.Create(embeddingDim: 2)).Compute(input).Loss.item<float>();

        // Cosines: a0.a1 = 0, a0.b0 = c, a0.b1 = -c, a1.b0 = c, a1.b1 = c, b0.b1 = 0 with c = 1/sqrt2; tau = 0.2.
        const double tau = 0.2;
        var c = 1 / Math.Sqrt(2);
        double Row(double positive, params double[] others) =>
            Math.Log(Math.Exp(positive / tau) + others.Sum(o => Math.Exp(o / tau))) - (positive / tau);
        var expected = (Row(c, 0, -c) + Row(c, 0, c) + Row(c, c, 0) + Row(c, -c, 0)) / 4;

        Assert.Equal(0.3685825852633928, expected, 12);
        Assert.Equal(expected, loss, 5);
    }
}
