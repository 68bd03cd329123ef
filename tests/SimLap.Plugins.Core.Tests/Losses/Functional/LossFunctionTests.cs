using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Losses.Functional;
using static SimLap.Plugins.Core.Tests.Losses.LossReference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses.Functional;

/// <summary>
/// The public loss functions, tensor in and tensor out, called without any component or context, against the
/// hand-computed references (and pinned values) the component tests use.
/// </summary>
public sealed class LossFunctionTests
{
    private static Tensor T(double[,] values) => tensor(values, dtype: ScalarType.Float64);

    [Fact]
    public void NtXentMatchesTheHandComputedValueForTwoImages()
    {
        var view1 = tensor(new double[,] { { 3, 0 }, { 0, 2 } }, dtype: ScalarType.Float32);
        var view2 = tensor(new double[,] { { 1, 1 }, { -2, 2 } }, dtype: ScalarType.Float32);

        var terms = NtXent.Compute(view1, view2, 0.2);

        Assert.Equal(0.3685825852633928, NtXent.Loss(view1, view2, 0.2).item<float>(), 5);
        Assert.Equal(0.3685825852633928, terms.Loss.item<float>(), 5);
        Assert.Equal(1 / Math.Sqrt(2), terms.PositiveCosine.item<float>(), 5);
    }

    [Theory]
    [InlineData(0.0051, 1.0, 0.028744365257977786)]
    [InlineData(0.5, 0.1, 0.09565142313685525)]
    public void BarlowTwinsMatchesTheHandComputedCrossCorrelationLoss(double lambda, double scale, double pinned)
    {
        var terms = BarlowTwins.Compute(T(Z1), T(Z2), lambda, scale);

        Assert.Equal(pinned, BarlowTwins.Loss(T(Z1), T(Z2), lambda, scale).item<double>(), 10);
        Assert.Equal(0.019183592744007424, terms.OnDiagonal.item<double>(), 10);
        Assert.Equal(1.87466127724909, terms.OffDiagonal.item<double>(), 10);
    }

    [Fact]
    public void VicRegMatchesTheHandComputedTerms()
    {
        var epsilon = new VicRegOptions().Epsilon;

        var terms = VicReg.Compute(T(Z1), T(Z2), (25, 25, 1), epsilon);

        Assert.Equal(10.145189774187706, VicReg.Loss(T(Z1), T(Z2), (25, 25, 1), epsilon).item<double>(), 10);
        Assert.Equal(0.035833333333333335, terms.Invariance.item<double>(), 10);
        Assert.Equal(0.36343572059713786, terms.Variance.item<double>(), 10);
        Assert.Equal(0.1634634259259259, terms.Covariance.item<double>(), 10);
    }

    [Fact]
    public void ByolMatchesTheHandComputedSymmetrisedRegression()
    {
        var (q1, q2) = (Predict(Z1), Predict(Z2));

        var terms = Byol.Compute(T(q1), T(q2), T(T1), T(T2));

        var expected = Enumerable.Range(0, 4).Average(i => (2 - (2 * Cos(Row(q1, i), Row(T2, i)))) + (2 - (2 * Cos(Row(q2, i), Row(T1, i)))));
        Assert.Equal(2.5784564196886226, expected, 12);
        Assert.Equal(expected, Byol.Loss(T(q1), T(q2), T(T1), T(T2)).item<double>(), 10);
        Assert.Equal(expected, terms.Loss.item<double>(), 10);
        Assert.Equal(Enumerable.Range(0, 4).Average(i => (Cos(Row(q1, i), Row(T2, i)) + Cos(Row(q2, i), Row(T1, i))) / 2), terms.PredictionCosine.item<double>(), 10);
    }

    [Theory]
    [InlineData(0.2, 2.2406199132090183)]
    [InlineData(0.01, 2.014312015050975)]
    [InlineData(10.0, 54.92684563585786)]
    public void MocoV3MatchesTheHandComputedInfoNceAtEveryTemperature(double tau, double pinned)
    {
        var (q1, q2) = (Predict(Z1), Predict(Z2));

        var value = MocoV3.Symmetric(T(q1), T(q2), T(T1), T(T2), tau).item<double>();

        Assert.Equal(pinned, value, 9);
        Assert.Equal(MocoDirection(q1, T2, tau), MocoV3.Loss(T(q1), T(T2), tau).item<double>(), 9);
    }

    [Fact]
    public void MultiPositiveMatchesTheHandComputedFormulaInBothDirections()
    {
        long[] labels = [0, 1, 0, 2];
        long[] partners = [1, 0, 0, 3];
        double[,] gates = { { 0.9, 0.2, 0.5 }, { 0.3, 0.8, 0.6 }, { 0.5, 0.5, 0.5 }, { 0.7, 0.1, 0.95 } };
        var pairs = PairAssignment.ForClasses(tensor(labels), tensor(partners));

        var forward = MultiPositive.Loss(T(Z1), T(Z2), T(gates), pairs.Positives, pairs.Excluded, 0.1, symmetric: false);
        var symmetric = MultiPositive.Loss(T(Z1), T(Z2), T(gates), pairs.Positives, pairs.Excluded, 0.1, symmetric: true);

        var expectedForward = MultiPositiveDirection(Z1, Z2, gates, labels, partners, 0.1);
        var expectedReverse = MultiPositiveDirection(Z2, Z1, gates, labels, partners, 0.1);
        Assert.Equal(0.027968057540209774, expectedForward, 12);
        Assert.Equal(expectedForward, forward.item<double>(), 10);
        Assert.Equal((expectedForward + expectedReverse) / 2, symmetric.item<double>(), 10);
    }

    [Fact]
    public void SupConOutWithOneImagePerClassIsNtXentAndTheOpenGateIsTheUngatedCosine()
    {
        var (view1, view2) = (T(Z1), T(Z2));
        var instances = eye(4, dtype: ScalarType.Bool);

        var supCon = SupConOut.Loss(view1, view2, ones(4, 3, dtype: ScalarType.Float64), instances, 0.5).item<double>();

        Assert.Equal(NtXent.Loss(view1, view2, 0.5).item<double>(), supCon, 10);
        Assert.Equal(Cos(Row(Z1, 0), Row(Z2, 1)), GatedCosine.Between(view1, view2, ones(4, 3, dtype: ScalarType.Float64))[0, 1].item<double>(), 12);
    }

    [Fact]
    public void SupervisedCrossEntropyAveragesBothViewsAndSimLapDaggerWeighsItsTerms()
    {
        var logits1 = tensor(new double[,] { { 2.0, 0.0 }, { 0.0, 1.0 } }, dtype: ScalarType.Float64);
        var logits2 = tensor(new double[,] { { 0.0, 0.0 }, { 1.0, 0.0 } }, dtype: ScalarType.Float64);
        var labels = tensor(new long[] { 0, 1 });

        var loss = SupervisedCrossEntropy.Loss(logits1, logits2, labels, 0.0).item<double>();
        var combined = SimLapDagger.Combine(tensor(1.0), tensor(2.0), tensor(4.0), alpha: 0.5, beta: 0.25).item<double>();

        static double Ce(double right, double wrong) => Math.Log(Math.Exp(right) + Math.Exp(wrong)) - right;
        Assert.Equal(((Ce(2, 0) + Ce(1, 0)) / 2 + (Ce(0, 0) + Ce(0, 1)) / 2) / 2, loss, 12);
        Assert.Equal((1.0 + (0.25 * 2.0) + (0.5 * 4.0)) / 1.75, combined, 12);
    }
}
