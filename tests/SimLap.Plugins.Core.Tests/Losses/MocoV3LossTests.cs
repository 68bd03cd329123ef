using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class MocoV3LossTests
{
    [Theory]
    [InlineData(0.2, 2.2406199132090183)]
    [InlineData(0.01, 2.014312015050975)]
    [InlineData(10.0, 54.92684563585786)]
    public void MatchesTheHandComputedInfoNceAtEveryTemperature(double tau, double pinned)
    {
        var loss = new MocoV3Loss(new MocoV3Options { Temperature = tau, PredHidden = 4 }, LossTestContext.Create(embeddingDim: 3));
        FixedPredictor.Load(loss.Network);

        var value = loss.Compute(Input()).Loss.item<double>();

        // 2 tau * CE(cos(q(z1), t2) / tau, diagonal) + 2 tau * CE(cos(q(z2), t1) / tau, diagonal): the paper's sum.
        var expected = MocoDirection(Predict(Z1), T2, tau) + MocoDirection(Predict(Z2), T1, tau);
        Assert.Equal(pinned, expected, 10);
        Assert.True(double.IsFinite(value));
        Assert.Equal(expected, value, 9);
    }

    [Fact]
    public void GradientsAreFiniteAndReachThePredictorAndTheViews()
    {
        foreach (var tau in new[] { 0.01, 0.2, 10.0 })
        {
            var context = LossTestContext.Create(embeddingDim: 4, seed: 4);
            var loss = new MocoV3Loss(new MocoV3Options { Temperature = tau, PredHidden = 8 }, context);
            var view1 = randn(new long[] { 6, 4 }, generator: context.Generator).requires_grad_();
            var view2 = randn(new long[] { 6, 4 }, generator: context.Generator).requires_grad_();
            var input = new LossInput(view1, view2, PairAssignment.ForInstances(arange(6)), ones_like(view1), view1, view2)
            {
                Target1 = randn(new long[] { 6, 4 }, generator: context.Generator),
                Target2 = randn(new long[] { 6, 4 }, generator: context.Generator),
            };

            var output = loss.Compute(input);
            output.Loss.backward();

            Assert.True(output.Loss.isfinite().item<bool>());
            ModuleChecks.EveryParameterHasAGradient(loss.Network);
            Assert.True(view1.grad!.isfinite().all().item<bool>() && view2.grad!.isfinite().all().item<bool>());
        }
    }

    private static LossInput Input()
    {
        var z1 = tensor(Z1, dtype: ScalarType.Float64);
        var z2 = tensor(Z2, dtype: ScalarType.Float64);
        return new LossInput(z1, z2, PairAssignment.ForInstances(tensor(new long[] { 0, 1, 0, 2 })), ones_like(z1), z1, z2)
        {
            Target1 = tensor(T1, dtype: ScalarType.Float64),
            Target2 = tensor(T2, dtype: ScalarType.Float64),
        };
    }
}
