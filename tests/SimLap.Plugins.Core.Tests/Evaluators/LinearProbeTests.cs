using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class LinearProbeTests
{
    [Fact]
    public void AnAdamFitStopsAtTheNextEpochWhenTheEvaluationIsCancelled()
    {
        var generator = new Generator(3, CPU);
        var x = randn(new long[] { 64, 4 }, generator: generator);
        var labels = arange(64).remainder(2);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var settings = new LinearProbeOptions { Solver = ProbeSolver.Adam, Epochs = 1000 }.ToSettings() with { Cancellation = cancellation.Token };

        Assert.ThrowsAny<OperationCanceledException>(() => LinearProbe.Fit(x, labels, 2, settings, generator));
    }

    [Theory]
    [InlineData(ProbeSolver.Adam)]
    [InlineData(ProbeSolver.Ridge)]
    public void SeparableClustersAreClassifiedAlmostPerfectly(ProbeSolver solver)
    {
        var context = EvaluatorTestData.Clusters(classes: 6, trainPerClass: 40, testPerClass: 20, dim: 8, separation: 8);
        var evaluator = new LinearProbeEvaluator(new LinearProbeOptions { Solver = solver, Epochs = 30 }, LossTestContext.Create());
        Assert.Equal("linear-probe", evaluator.Protocol);
        var result = evaluator.Evaluate(context);

        Assert.True(result.Metrics["top1"] >= 99, $"top1 {result.Metrics["top1"]}");
        Assert.Equal(100, result.Metrics["top5"]);
        Assert.Contains(result.Metrics["weight_decay"], solver == ProbeSolver.Ridge ? LinearProbeSettings.DefaultRidgeLambdas : LinearProbeSettings.DefaultWeightDecays);
        Assert.Empty(result.Artifacts);
    }

    [Theory]
    [InlineData(ProbeSolver.Adam)]
    [InlineData(ProbeSolver.Ridge)]
    public void RandomLabelsGiveChanceLevel(ProbeSolver solver)
    {
        var context = EvaluatorTestData.Clusters(classes: 4, trainPerClass: 50, testPerClass: 150, dim: 6, separation: 0, shuffleLabels: true);
        var metrics = new LinearProbeEvaluator(new LinearProbeOptions { Solver = solver, Epochs = 20 }, LossTestContext.Create()).Evaluate(context).Metrics;

        // Chance is 25%; 600 test images give a standard error of about 1.8 points.
        Assert.InRange(metrics["top1"], 15, 36);
        Assert.False(metrics.ContainsKey("top5"));
    }

    [Fact]
    public void RidgeMatchesTheNormalEquationsInPrimalAndDualForm()
    {
        var generator = new Generator(11, CPU);
        foreach (var (n, f) in new[] { (40, 5), (6, 10) })
        {
            var x = randn(new long[] { n, f }, dtype: ScalarType.Float64, generator: generator);
            x = x.sub(x.mean([0L]));
            var y = randint(0, 3, new long[] { n }, dtype: ScalarType.Int64, generator: generator);
            const double lambda = 0.3;
            var (weight, bias) = LinearProbe.SolveRidge(x, y, 3, lambda);

            // Brute force: W = inverse(X^T X / n + lambda I) X^T (Y - mean Y) / n, b = mean Y.
            var targets = nn.functional.one_hot(y, 3).to(ScalarType.Float64);
            var mean = targets.mean([0L]);
            var expected = linalg.inv(x.t().matmul(x).div(n).add(eye(f, dtype: ScalarType.Float64).mul(lambda))).matmul(x.t()).matmul(targets.sub(mean)).div(n);
            Assert.True(weight.allclose(expected, rtol: 1e-9, atol: 1e-10), $"n={n}, f={f}");
            Assert.True(bias.allclose(mean));
        }
    }

    [Fact]
    public void LeaveOneOutAccuracyMatchesRefittingWithoutEachExample()
    {
        var generator = new Generator(4, CPU);
        const int n = 24;
        const int f = 5;
        var x = randn(new long[] { n, f }, dtype: ScalarType.Float64, generator: generator);
        x = x.sub(x.mean([0L]));
        var y = randint(0, 3, new long[] { n }, dtype: ScalarType.Int64, generator: generator);
        x = x.add(nn.functional.one_hot(y, f).to(ScalarType.Float64).mul(0.8));
        x = x.sub(x.mean([0L]));
        var lambdas = new[] { 0.01, 0.5, 5.0 };
        var closedForm = LinearProbe.LeaveOneOutAccuracy(x, y, 3, lambdas);

        for (var l = 0; l < lambdas.Length; l++)
        {
            // Refit with an unpenalised intercept and the same penalty n * lambda on the other n - 1 examples.
            var correct = 0;
            for (var i = 0; i < n; i++)
            {
                var keep = tensor(Enumerable.Range(0, n).Where(j => j != i).Select(j => (long)j).ToArray());
                var a = cat([x.index_select(0, keep), ones(n - 1, 1, dtype: ScalarType.Float64)], 1);
                var targets = nn.functional.one_hot(y.index_select(0, keep), 3).to(ScalarType.Float64);
                var penalty = diag(tensor(Enumerable.Repeat(n * lambdas[l], f).Append(0.0).ToArray()));
                var beta = linalg.solve(a.t().matmul(a).add(penalty), a.t().matmul(targets));
                var prediction = cat([x[i], ones(1, dtype: ScalarType.Float64)]).matmul(beta).argmax().item<long>();
                correct += prediction == y[i].item<long>() ? 1 : 0;
            }

            Assert.Equal(100.0 * correct / n, closedForm[l], 9);
        }
    }
}
