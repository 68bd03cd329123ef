using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class ByolLossTests
{
    [Fact]
    public void MatchesTheHandComputedSymmetrisedRegression()
    {
        var loss = new ByolLoss(new ByolOptions { PredHidden = 4 }, LossTestContext.Create(embeddingDim: 3));
        FixedPredictor.Load(loss.Network);

        var output = loss.Compute(Input());

        // q = predictor (training-mode BN); per image (2 - 2 cos(q(z1), t2)) + (2 - 2 cos(q(z2), t1)), mean over 4 images.
        var q1 = Predict(Z1);
        var q2 = Predict(Z2);
        Assert.Equal(0.5578930603604431, q1[0, 0], 12);
        Assert.Equal(-0.6225693149241373, q1[0, 1], 12);
        var expected = Enumerable.Range(0, 4).Average(i => (2 - (2 * Cos(Row(q1, i), Row(T2, i)))) + (2 - (2 * Cos(Row(q2, i), Row(T1, i)))));
        Assert.Equal(2.5784564196886226, expected, 12);
        Assert.Equal(expected, output.Loss.item<double>(), 10);

        var cosineMean = Enumerable.Range(0, 4).Average(i => (Cos(Row(q1, i), Row(T2, i)) + Cos(Row(q2, i), Row(T1, i))) / 2);
        Assert.Equal(cosineMean, output.Diagnostics["prediction_cosine"].item<double>(), 10);
        Assert.False(output.Diagnostics["prediction_cosine"].requires_grad);
    }

    [Fact]
    public void IsAMomentumLossWithTheConfiguredSchedule()
    {
        IMomentumLoss loss = new ByolLoss(new ByolOptions { MomentumBase = 0.996, MomentumFinal = 1.0 }, LossTestContext.Create(embeddingDim: 3));

        Assert.Equal(new MomentumSchedule(0.996, 1.0), loss.Momentum);
        Assert.Equal(0.99, new ByolOptions().MomentumBase);
        Assert.Equal(1.0, new ByolOptions().MomentumFinal);
    }

    [Fact]
    public void WithoutTargetsItSaysWhatIsMissing()
    {
        var loss = new ByolLoss(new ByolOptions(), LossTestContext.Create(embeddingDim: 3));
        var z = tensor(Z1, dtype: ScalarType.Float32);
        var input = new LossInput(z, z, PairAssignment.ForInstances(tensor(new long[] { 0, 1, 2, 3 })), ones_like(z), z, z);

        var error = Assert.Throws<InvalidOperationException>(() => loss.Compute(input));
        Assert.Contains("'byol'", error.Message);
        Assert.Contains("momentum target", error.Message);
    }

    [Fact]
    public void MomentumBaseAboveFinalIsRejected()
    {
        var options = new ByolOptions { MomentumBase = 0.999, MomentumFinal = 0.99 };
        var errors = options.Validate(new ValidationContext(options)).ToList();

        var error = Assert.Single(errors);
        Assert.Contains("momentum_base", error.ErrorMessage);
        Assert.Empty(new ByolOptions().Validate(new ValidationContext(new ByolOptions())));
    }

    [Fact]
    public void GradientsAreFiniteAndReachThePredictorAndTheViewsButNotTheTargets()
    {
        var context = LossTestContext.Create(embeddingDim: 4, seed: 9);
        var loss = new ByolLoss(new ByolOptions { PredHidden = 8 }, context);
        loss.Network.train();
        var view1 = randn(new long[] { 6, 4 }, generator: context.Generator).requires_grad_();
        var view2 = randn(new long[] { 6, 4 }, generator: context.Generator).requires_grad_();
        var target1 = randn(new long[] { 6, 4 }, generator: context.Generator).requires_grad_();
        var target2 = randn(new long[] { 6, 4 }, generator: context.Generator).requires_grad_();
        var input = new LossInput(view1, view2, PairAssignment.ForInstances(arange(6)), ones_like(view1), view1, view2) { Target1 = target1, Target2 = target2 };

        var output = loss.Compute(input);
        output.Loss.backward();

        Assert.True(output.Loss.isfinite().item<bool>());
        ModuleChecks.EveryParameterHasAGradient(loss.Network);
        Assert.True(view1.grad!.isfinite().all().item<bool>() && view1.grad.abs().sum().item<float>() > 0);
        Assert.True(view2.grad!.isfinite().all().item<bool>() && view2.grad.abs().sum().item<float>() > 0);
        Assert.True(target1.grad is null || target1.grad.eq(0).all().item<bool>());
        Assert.True(target2.grad is null || target2.grad.eq(0).all().item<bool>());
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
