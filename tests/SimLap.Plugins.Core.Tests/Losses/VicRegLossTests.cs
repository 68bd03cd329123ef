using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class VicRegLossTests
{
    [Fact]
    public void MatchesTheHandComputedTerms()
    {
        var loss = new VicRegLoss(new VicRegOptions(), LossTestContext.Create());

        var output = loss.Compute(Input(Z1, Z2));

        // Invariance: mean over 4 x 3 entries of (z1 - z2)^2.
        double invariance = 0;
        for (var n = 0; n < 4; n++)
        {
            for (var k = 0; k < 3; k++)
            {
                invariance += (Z1[n, k] - Z2[n, k]) * (Z1[n, k] - Z2[n, k]) / 12;
            }
        }

        var (variance1, covariance1) = Regularisers(Z1);
        var (variance2, covariance2) = Regularisers(Z2);
        var variance = (variance1 + variance2) / 2;
        var covariance = covariance1 + covariance2;
        Assert.Equal(0.035833333333333335, invariance, 12);
        Assert.Equal(0.36343572059713786, variance, 12);
        Assert.Equal(0.1634634259259259, covariance, 12);

        var expected = (25 * invariance) + (25 * variance) + (1 * covariance);
        Assert.Equal(10.145189774187706, expected, 11);
        Assert.Equal(expected, output.Loss.item<double>(), 10);
        Assert.Equal(invariance, output.Diagnostics["invariance"].item<double>(), 10);
        Assert.Equal(variance, output.Diagnostics["variance"].item<double>(), 10);
        Assert.Equal(covariance, output.Diagnostics["covariance"].item<double>(), 10);
    }

    [Fact]
    public void TheWeightsScaleTheirTerms()
    {
        var loss = new VicRegLoss(new VicRegOptions { SimWeight = 1, VarWeight = 2, CovWeight = 3, Epsilon = 1e-2 }, LossTestContext.Create());

        var value = loss.Compute(Input(Z1, Z2)).Loss.item<double>();

        var (variance1, covariance1) = Regularisers(Z1, 1e-2);
        var (variance2, covariance2) = Regularisers(Z2, 1e-2);
        Assert.Equal(0.035833333333333335 + (2 * (variance1 + variance2) / 2) + (3 * (covariance1 + covariance2)), value, 10);
    }

    [Fact]
    public void IdenticalCollapsedViewsAreFiniteWithFiniteGradients()
    {
        // Every sample the same (all one class, collapsed): invariance 0, variance hinge ~1 per dim, covariance 0.
        var view = ones(4, 3, dtype: ScalarType.Float64).mul(0.3).requires_grad_();
        var loss = new VicRegLoss(new VicRegOptions(), LossTestContext.Create());

        var output = loss.Compute(new LossInput(view, view, PairAssignment.ForInstances(arange(4)), ones_like(view), view, view));
        output.Loss.backward();

        Assert.Equal(25 * (1 - Math.Sqrt(1e-4)), output.Loss.item<double>(), 10);
        Assert.True(view.grad!.isfinite().all().item<bool>());
    }

    /// <summary>Centre each dim; std_k = sqrt(unbiased var + eps); variance = mean relu(1 - std); covariance = sum_{k != l} C_kl^2 / 3.</summary>
    private static (double Variance, double Covariance) Regularisers(double[,] z, double eps = 1e-4)
    {
        var centred = new double[4, 3];
        for (var k = 0; k < 3; k++)
        {
            var mean = Enumerable.Range(0, 4).Average(n => z[n, k]);
            for (var n = 0; n < 4; n++)
            {
                centred[n, k] = z[n, k] - mean;
            }
        }

        double variance = 0, covariance = 0;
        for (var k = 0; k < 3; k++)
        {
            for (var l = 0; l < 3; l++)
            {
                var c = Enumerable.Range(0, 4).Sum(n => centred[n, k] * centred[n, l]) / 3;
                if (k == l)
                {
                    variance += Math.Max(0, 1 - Math.Sqrt(c + eps)) / 3;
                }
                else
                {
                    covariance += c * c / 3;
                }
            }
        }

        return (variance, covariance);
    }

    private static LossInput Input(double[,] v1, double[,] v2)
    {
        var a = tensor(v1, dtype: ScalarType.Float64);
        var b = tensor(v2, dtype: ScalarType.Float64);
        return new LossInput(a, b, PairAssignment.ForInstances(arange(4)), ones_like(a), a, b);
    }
}
