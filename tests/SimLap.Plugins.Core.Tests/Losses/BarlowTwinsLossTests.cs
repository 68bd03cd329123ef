using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class BarlowTwinsLossTests
{
    [Theory]
    [InlineData(0.0051, 1.0, 0.028744365257977786)]
    [InlineData(0.5, 0.1, 0.09565142313685525)]
    public void MatchesTheHandComputedCrossCorrelationLoss(double lambda, double scale, double pinned)
    {
        var loss = new BarlowTwinsLoss(new BarlowTwinsOptions { OffDiagonalWeight = lambda, ScaleLoss = scale }, LossTestContext.Create());

        var output = loss.Compute(Input(Z1, Z2));

        // Standardise each dim over the 4 samples (biased variance + 1e-5), c = z1n^T z2n / 4.
        var a = Standardise(Z1);
        var b = Standardise(Z2);
        double onDiagonal = 0, offDiagonal = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                double c = 0;
                for (var n = 0; n < 4; n++)
                {
                    c += a[n, i] * b[n, j] / 4;
                }

                if (i == j)
                {
                    onDiagonal += (1 - c) * (1 - c);
                }
                else
                {
                    offDiagonal += c * c;
                }
            }
        }

        Assert.Equal(0.019183592744007424, onDiagonal, 12);
        Assert.Equal(1.87466127724909, offDiagonal, 12);
        var expected = scale * (onDiagonal + (lambda * offDiagonal));
        Assert.Equal(pinned, expected, 12);
        Assert.Equal(expected, output.Loss.item<double>(), 10);
        Assert.Equal(onDiagonal, output.Diagnostics["on_diagonal"].item<double>(), 10);
        Assert.Equal(offDiagonal, output.Diagnostics["off_diagonal"].item<double>(), 10);
    }

    [Fact]
    public void IdenticalViewsOfDecorrelatedDimsGiveAlmostZero()
    {
        // Columns +-1 with zero mean and orthogonal: standardised c is the identity (up to the 1e-5 in the std).
        double[,] z = { { 1, 1 }, { 1, -1 }, { -1, 1 }, { -1, -1 } };
        var loss = new BarlowTwinsLoss(new BarlowTwinsOptions(), LossTestContext.Create(embeddingDim: 2));

        var value = loss.Compute(Input(z, z)).Loss.item<double>();

        var cii = 1 / (1 + 1e-5);   // 1 / (var + eps) with var = 1
        Assert.Equal(2 * (1 - cii) * (1 - cii), value, 14);
    }

    [Fact]
    public void GradientsAreFiniteEvenForAConstantDimension()
    {
        // All samples alike in dim 0 (as "all anchors of one class" could give): zero variance, the 1e-5 keeps it finite.
        var view1 = tensor(new double[,] { { 0.5, 1.0, -0.2 }, { 0.5, -1.0, 0.8 }, { 0.5, 0.1, 0.4 }, { 0.5, 0.7, 0.2 } }).requires_grad_();
        var view2 = tensor(Z2, dtype: ScalarType.Float64).requires_grad_();
        var loss = new BarlowTwinsLoss(new BarlowTwinsOptions(), LossTestContext.Create());

        var output = loss.Compute(new LossInput(view1, view2, PairAssignment.ForInstances(arange(4)), ones_like(view1), view1, view2));
        output.Loss.backward();

        Assert.True(output.Loss.isfinite().item<bool>());
        Assert.True(view1.grad!.isfinite().all().item<bool>() && view2.grad!.isfinite().all().item<bool>());
        Assert.True(view2.grad.abs().sum().item<double>() > 0);
        Assert.Empty(loss.Network.parameters());
    }

    private static LossInput Input(double[,] v1, double[,] v2)
    {
        var a = tensor(v1, dtype: ScalarType.Float64);
        var b = tensor(v2, dtype: ScalarType.Float64);
        return new LossInput(a, b, PairAssignment.ForInstances(arange(a.shape[0])), ones_like(a), a, b);
    }
}
