using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class SimLapDaggerLossTests
{
    // Labels y, partners y2 (anchor 3's partner class 3 has no key in the batch: no positive, skipped by L_pair).
    private static readonly long[] Labels = [0, 1, 0, 2];
    private static readonly long[] Partners = [1, 0, 0, 3];
    private static readonly double[,] Gates = { { 0.9, 0.2, 0.5 }, { 0.3, 0.8, 0.6 }, { 0.5, 0.5, 0.5 }, { 0.7, 0.1, 0.95 } };

    [Theory]
    [InlineData(1.0, 1.0, 0.1, 0.8028083105871978)]
    [InlineData(2.0, 0.5, 0.1, 0.6701920548568728)]
    [InlineData(1.0, 1.0, 0.01, 1.089268439305089)]
    [InlineData(1.0, 1.0, 10.0, 1.3966884188198019)]
    public void CombinesTheHandComputedTermsAsMethodMdSays(double alpha, double beta, double tau, double pinned)
    {
        var loss = new SimLapDaggerLoss(new SimLapDaggerOptions { Alpha = alpha, Beta = beta, Temperature = tau, PredHidden = 4 }, LossTestContext.Create(embeddingDim: 3));
        FixedPredictor.Load(loss.Network);

        var output = loss.Compute(Input(Labels, Partners));

        // L_inst: MoCo v3 at tau 0.2 of the predictions against the targets, summed over both directions.
        var instance = MocoDirection(Predict(Z1), T2, 0.2) + MocoDirection(Predict(Z2), T1, 0.2);
        // L_pair: the gated multi-positive loss on the batch's pairs, symmetrised; L_class: identical pairs, all-ones gates.
        var pair = (MultiPositiveDirection(Z1, Z2, Gates, Labels, Partners, tau) + MultiPositiveDirection(Z2, Z1, Gates, Labels, Partners, tau)) / 2;
        var ones = Ones(4, 3);
        var classes = (MultiPositiveDirection(Z1, Z2, ones, Labels, Labels, tau) + MultiPositiveDirection(Z2, Z1, ones, Labels, Labels, tau)) / 2;
        var expected = (instance + (beta * pair) + (alpha * classes)) / (1 + alpha + beta);

        Assert.Equal(2.2406199132090183, instance, 10);
        if (tau == 0.1)
        {
            Assert.Equal(0.15370517221007532, pair, 12);     // the multi-positive test's pinned value
            Assert.Equal(0.014099846342499472, classes, 12);
        }

        Assert.Equal(pinned, expected, 10);
        Assert.Equal(expected, output.Loss.item<double>(), 9);
        Assert.Equal(instance, output.Diagnostics["loss_instance"].item<double>(), 9);
        Assert.Equal(pair, output.Diagnostics["loss_pair"].item<double>(), 9);
        Assert.Equal(classes, output.Diagnostics["loss_class"].item<double>(), 9);
        Assert.Equal(0.25, output.Diagnostics["no_positive_fraction"].item<float>(), 6);
        Assert.All(output.Diagnostics.Values, d => Assert.False(d.requires_grad));
    }

    [Fact]
    public void ThePairTermIsTheMultiPositiveLoss()
    {
        var input = Input(Labels, Partners);
        var dagger = new SimLapDaggerLoss(new SimLapDaggerOptions { PredHidden = 4 }, LossTestContext.Create(embeddingDim: 3));
        FixedPredictor.Load(dagger.Network);
        var multiPositive = new MultiPositiveLoss(new MultiPositiveOptions { Temperature = 0.1 }, LossTestContext.Create(embeddingDim: 3));

        Assert.Equal(multiPositive.Compute(input).Loss.item<double>(), dagger.Compute(input).Diagnostics["loss_pair"].item<double>(), 14);
    }

    [Fact]
    public void AllAnchorsOfOneClassLeaveOnlyTheInstanceTerm()
    {
        // One class: every key is a positive and none a negative, so both multi-positive terms are exactly 0.
        long[] labels = [1, 1, 1, 1];
        var loss = new SimLapDaggerLoss(new SimLapDaggerOptions { PredHidden = 4 }, LossTestContext.Create(embeddingDim: 3));
        FixedPredictor.Load(loss.Network);
        var input = Input(labels, labels, requiresGrad: true);

        var output = loss.Compute(input);
        output.Loss.backward();

        var instance = MocoDirection(Predict(Z1), T2, 0.2) + MocoDirection(Predict(Z2), T1, 0.2);
        Assert.Equal(0.0, output.Diagnostics["loss_pair"].item<double>(), 12);
        Assert.Equal(0.0, output.Diagnostics["loss_class"].item<double>(), 12);
        Assert.Equal(instance / 3, output.Loss.item<double>(), 9);
        Assert.True(input.View1.grad!.isfinite().all().item<bool>());
        Assert.True(input.Gates.grad is null || input.Gates.grad.isfinite().all().item<bool>());
    }

    [Fact]
    public void AnchorsWithoutPositivesAreSkippedAndCounted()
    {
        long[] partners = [3, 3, 3, 3];
        var loss = new SimLapDaggerLoss(new SimLapDaggerOptions { PredHidden = 4 }, LossTestContext.Create(embeddingDim: 3));
        FixedPredictor.Load(loss.Network);

        var output = loss.Compute(Input(Labels, partners));

        Assert.Equal(0.0, output.Diagnostics["loss_pair"].item<double>());
        Assert.Equal(1.0, output.Diagnostics["no_positive_fraction"].item<float>());
        Assert.True(output.Loss.isfinite().item<bool>());
    }

    [Fact]
    public void IsAMomentumLossWithTheConfiguredSchedule()
    {
        IMomentumLoss loss = new SimLapDaggerLoss(new SimLapDaggerOptions { MomentumBase = 0.99, MomentumFinal = 0.996 }, LossTestContext.Create(embeddingDim: 3));
        Assert.Equal(new MomentumSchedule(0.99, 0.996), loss.Momentum);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(10.0)]
    public void GradientsAreFiniteAndReachThePredictorTheViewsAndTheGates(double tau)
    {
        var context = LossTestContext.Create(embeddingDim: 4, seed: 6);
        var loss = new SimLapDaggerLoss(new SimLapDaggerOptions { PredHidden = 8, Temperature = tau, InstanceTemperature = tau }, context);
        var view1 = randn(new long[] { 8, 4 }, generator: context.Generator).requires_grad_();
        var view2 = randn(new long[] { 8, 4 }, generator: context.Generator).requires_grad_();
        var gates = rand(new long[] { 8, 4 }, generator: context.Generator).requires_grad_();
        var pairs = PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 }), tensor(new long[] { 1, 2, 0, 0, 3, 1, 2, 2 }));
        var input = new LossInput(view1, view2, pairs, gates, view1, view2)
        {
            Target1 = randn(new long[] { 8, 4 }, generator: context.Generator),
            Target2 = randn(new long[] { 8, 4 }, generator: context.Generator),
        };

        var output = loss.Compute(input);
        output.Loss.backward();

        Assert.True(output.Loss.isfinite().item<bool>());
        ModuleChecks.EveryParameterHasAGradient(loss.Network);
        foreach (var leaf in new[] { view1, view2, gates })
        {
            Assert.True(leaf.grad!.isfinite().all().item<bool>());
            Assert.True(leaf.grad.abs().sum().item<float>() > 0);
        }
    }

    private static LossInput Input(long[] labels, long[] partners, bool requiresGrad = false)
    {
        var z1 = tensor(Z1, dtype: ScalarType.Float64).requires_grad_(requiresGrad);
        var z2 = tensor(Z2, dtype: ScalarType.Float64).requires_grad_(requiresGrad);
        var gates = tensor(Gates, dtype: ScalarType.Float64).requires_grad_(requiresGrad);
        return new LossInput(z1, z2, PairAssignment.ForClasses(tensor(labels), tensor(partners)), gates, z1, z2)
        {
            Target1 = tensor(T1, dtype: ScalarType.Float64),
            Target2 = tensor(T2, dtype: ScalarType.Float64),
        };
    }
}
