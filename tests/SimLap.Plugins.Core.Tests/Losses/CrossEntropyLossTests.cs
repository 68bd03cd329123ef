using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using TorchSharp;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class CrossEntropyLossTests
{
    private static readonly long[] Labels = [0, 1, 0, 2];
    private static readonly double[,] Weight = { { 0.5, -0.2, 0.1 }, { -0.3, 0.4, 0.2 }, { 0.1, 0.1, -0.5 } };
    private static readonly double[] Bias = [0.1, 0.0, -0.1];

    [Theory]
    [InlineData(0.0, 1.019875763371674)]
    [InlineData(0.1, 1.034500763371674)]
    public void MatchesTheHandComputedCrossEntropyOverBothViews(double smoothing, double pinned)
    {
        var loss = Loss(smoothing);

        var output = loss.Compute(Input(Labels));

        // Features are Z1 / Z2; logits = f W^T + b; per sample (1 - eps) * nll_y + eps * mean_c nll_c, averaged, then the views averaged.
        double View(double[,] features, out int correct)
        {
            var logits = Linear(features, Weight, Bias);
            double total = 0;
            correct = 0;
            for (var i = 0; i < 4; i++)
            {
                var row = Row(logits, i);
                var lse = Math.Log(row.Sum(Math.Exp));
                var nll = row.Select(v => lse - v).ToArray();
                total += ((1 - smoothing) * nll[Labels[i]]) + (smoothing * nll.Average());
                correct += Array.IndexOf(row, row.Max()) == Labels[i] ? 1 : 0;
            }

            return total / 4;
        }

        var expected = (View(Z1, out var correct1) + View(Z2, out var correct2)) / 2;
        Assert.Equal(pinned, expected, 12);
        Assert.Equal(expected, output.Loss.item<double>(), 10);
        Assert.Equal(100.0 * (correct1 + correct2) / 8, output.Diagnostics["accuracy"].item<float>(), 4);
        Assert.Equal(50.0, output.Diagnostics["accuracy"].item<float>(), 4);
    }

    [Fact]
    public void TheClassifierIsTheTrainableNetworkAndGradientsReachItAndTheFeatures()
    {
        var loss = Loss(0.1);
        var input = Input([2, 2, 2, 2], requiresGrad: true);   // all anchors of one class

        var output = loss.Compute(input);
        output.Loss.backward();

        Assert.True(output.Loss.isfinite().item<bool>());
        Assert.Equal(new[] { "bias", "weight" }, loss.Network.named_parameters().Select(p => p.name).Order().ToArray());
        ModuleChecks.EveryParameterHasAGradient(loss.Network);
        Assert.True(input.Features1.grad!.abs().sum().item<double>() > 0);
        Assert.True(input.Features2.grad!.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void NeedsTheFeatureDimensionAndTwoClasses()
    {
        var noFeatures = Assert.Throws<InvalidOperationException>(() => new CrossEntropyLoss(new CrossEntropyOptions(), LossTestContext.Create()));
        Assert.Contains("feature dimension", noFeatures.Message);
        var oneClass = Assert.Throws<InvalidOperationException>(() => new CrossEntropyLoss(new CrossEntropyOptions(), LossTestContext.Create(numClasses: 1) with { FeatureDim = 3 }));
        Assert.Contains("at least 2 classes", oneClass.Message);
    }

    private static CrossEntropyLoss Loss(double smoothing)
    {
        var loss = new CrossEntropyLoss(new CrossEntropyOptions { LabelSmoothing = smoothing }, LossTestContext.Create() with { FeatureDim = 3 });
        loss.Network.to(ScalarType.Float64);
        var parameters = loss.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            parameters["weight"].copy_(tensor(Weight, dtype: ScalarType.Float64));
            parameters["bias"].copy_(tensor(Bias, dtype: ScalarType.Float64));
        }

        return loss;
    }

    private static LossInput Input(long[] labels, bool requiresGrad = false)
    {
        var f1 = tensor(Z1, dtype: ScalarType.Float64).requires_grad_(requiresGrad);
        var f2 = tensor(Z2, dtype: ScalarType.Float64).requires_grad_(requiresGrad);
        var z = zeros(4, 2, dtype: ScalarType.Float64);
        return new LossInput(z, z, PairAssignment.ForClasses(tensor(labels), tensor(labels)), ones_like(z), f1, f2);
    }
}
