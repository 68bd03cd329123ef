using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Heads;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Pairs;
using SimLap.Plugins.Core.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class MultiPositiveLossTests
{
    // Labels y, partners y2 (anchor 3's partner class 3 has no key in the batch: no positives, skipped).
    private static readonly long[] Labels = [0, 1, 0, 2];
    private static readonly long[] Partners = [1, 0, 0, 3];

    private static readonly double[,] View1 = { { 1.0, 0.5, -0.2 }, { 0.3, -1.0, 0.8 }, { 0.9, 0.1, 0.4 }, { -0.5, 0.7, 0.2 } };
    private static readonly double[,] View2 = { { 0.8, 0.6, 0.0 }, { 0.1, -0.9, 1.0 }, { 1.0, -0.2, 0.3 }, { -0.4, 0.9, -0.1 } };
    private static readonly double[,] Gates = { { 0.9, 0.2, 0.5 }, { 0.3, 0.8, 0.6 }, { 0.5, 0.5, 0.5 }, { 0.7, 0.1, 0.95 } };

    [Fact]
    public void MatchesTheHandComputedFormulaAndSkipsAnchorsWithoutPositives()
    {
        var pairs = PairAssignment.ForClasses(tensor(Labels), tensor(Partners));
        var input = Input(View1, View2, Gates, pairs);

        var forward = Loss(symmetric: false).Compute(input);
        var symmetric = Loss(symmetric: true).Compute(input);

        // Step-by-step reference in plain doubles (P_i = {j : y_j == y2_i}, N_i = {j : y_j not in {y_i, y2_i}}).
        var expectedForward = Reference(View1, View2, Gates, Labels, Partners, 0.1);
        var expectedReverse = Reference(View2, View1, Gates, Labels, Partners, 0.1);
        Assert.Equal(0.027968057540209774, expectedForward, 12);
        Assert.Equal(0.2794422868799409, expectedReverse, 12);

        Assert.Equal(expectedForward, forward.Loss.item<double>(), 10);
        Assert.Equal((expectedForward + expectedReverse) / 2, symmetric.Loss.item<double>(), 10);
        Assert.Equal(0.15370517221007532, symmetric.Loss.item<double>(), 10);

        // |P| = 1, 2, 2, 0.
        Assert.Equal(0.25, symmetric.Diagnostics["no_positive_fraction"].item<float>(), 6);
        Assert.Equal(1.25, symmetric.Diagnostics["positives_mean"].item<float>(), 6);
    }

    [Fact]
    public void IdenticalPairsWithTheOpenGateIsSupCon()
    {
        const int batch = 6;
        const int dim = 4;
        var context = LossTestContext.Create(embeddingDim: dim);
        var labels = tensor(new long[] { 0, 1, 0, 2, 1, 0 });
        var view1 = randn(new long[] { batch, dim }, dtype: ScalarType.Float64, generator: context.Generator);
        var view2 = randn(new long[] { batch, dim }, dtype: ScalarType.Float64, generator: context.Generator);

        var pairs = new IdenticalPairSampler(new NoOptions(), context).Sample(labels);
        var gates = new OpenHead(new NoOptions(), context).Gate(pairs).Gates.to(ScalarType.Float64);
        var loss = Loss(symmetric: true).Compute(new LossInput(view1, view2, pairs, gates, view1, view2)).Loss.item<double>();

        var v1 = ToArray(view1);
        var v2 = ToArray(view2);
        var y = labels.data<long>().ToArray();
        var expected = (SupCon(v1, v2, y, 0.1) + SupCon(v2, v1, y, 0.1)) / 2;
        Assert.Equal(expected, loss, 9);
    }

    [Fact]
    public void WithoutAnyPositiveTheLossIsZeroButConnected()
    {
        var view1 = tensor(View1, dtype: ScalarType.Float32).requires_grad_();
        var pairs = PairAssignment.ForClasses(tensor(Labels), tensor(new long[] { 5, 5, 5, 5 }));
        var output = Loss(symmetric: true).Compute(new LossInput(view1, tensor(View2, dtype: ScalarType.Float32), pairs, tensor(Gates, dtype: ScalarType.Float32), view1, view1));

        Assert.Equal(0.0, output.Loss.item<float>());
        Assert.True(output.Loss.requires_grad);
        output.Loss.backward();
        Assert.Equal(1.0, output.Diagnostics["no_positive_fraction"].item<float>());
    }

    [Fact]
    public void AnchorsWithoutNegativesGiveZeroAndFiniteGradients()
    {
        // One class only: every key is a positive, none is a negative, so each term is log(exp(l_ip)) - l_ip = 0.
        var view1 = tensor(View1, dtype: ScalarType.Float32).requires_grad_();
        var labels = tensor(new long[] { 1, 1, 1, 1 });
        var pairs = PairAssignment.ForClasses(labels, labels);
        var output = Loss(symmetric: true).Compute(new LossInput(view1, tensor(View2, dtype: ScalarType.Float32), pairs, tensor(Gates, dtype: ScalarType.Float32), view1, view1));

        Assert.Equal(0.0, output.Loss.item<float>(), 6);
        output.Loss.backward();
        Assert.True(view1.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void LearnableScaleIsAParameterInitialisedAtInverseTemperature()
    {
        var loss = new MultiPositiveLoss(new MultiPositiveOptions { Temperature = 0.1, LearnableScale = true, Symmetric = false }, LossTestContext.Create());
        var parameter = Assert.Single(loss.Network.parameters());
        Assert.Equal(10.0, parameter.item<float>(), 5);

        var pairs = PairAssignment.ForClasses(tensor(Labels), tensor(Partners));
        var output = loss.Compute(Input(View1, View2, Gates, pairs, ScalarType.Float32));
        Assert.Equal(0.027968057540209774, output.Loss.item<float>(), 5);
        output.Loss.backward();
        Assert.NotNull(parameter.grad);
        Assert.NotEqual(0.0f, parameter.grad!.item<float>());
    }

    [Fact]
    public void GradientsReachTheGateEmbeddingAndTheFusionMlp()
    {
        torch.manual_seed(3);
        var context = LossTestContext.Create(embeddingDim: 4, numClasses: 3, seed: 3);
        var head = new SimLapGateHead(new SimLapGateOptions { Embed = 8, Hidden = 16, Penalty = 0.01 }, context);
        head.Network.train();
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var pairs = new ArbitraryPairSampler(new NoOptions(), context).Sample(labels);
        var view1 = randn(new long[] { 6, 4 }, generator: context.Generator);
        var view2 = randn(new long[] { 6, 4 }, generator: context.Generator);

        var gate = head.Gate(pairs);
        Assert.True(gate.Gates.gt(0).all().item<bool>() && gate.Gates.lt(1).all().item<bool>());
        var loss = Loss(symmetric: true).Compute(new LossInput(view1, view2, pairs, gate.Gates, view1, view2)).Loss.add(gate.Penalty);
        loss.backward();

        var grads = head.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        foreach (var name in new[] { "embedding.weight", "fusion.fc1.weight", "fusion.fc2.weight" })
        {
            var grad = grads[name];
            Assert.NotNull(grad);
            Assert.True(grad!.abs().sum().item<float>() > 0, $"no gradient on {name}");
        }
    }

    private static MultiPositiveLoss Loss(bool symmetric) =>
        new(new MultiPositiveOptions { Temperature = 0.1, Symmetric = symmetric }, LossTestContext.Create());

    private static LossInput Input(double[,] v1, double[,] v2, double[,] g, PairAssignment pairs, ScalarType dtype = ScalarType.Float64)
    {
        var a = tensor(v1, dtype: dtype);
        var k = tensor(v2, dtype: dtype);
        return new LossInput(a, k, pairs, tensor(g, dtype: dtype), a, k);
    }

    private static double[,] ToArray(Tensor t)
    {
        var values = t.data<double>().ToArray();
        var rows = (int)t.shape[0];
        var cols = (int)t.shape[1];
        var result = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                result[i, j] = values[(i * cols) + j];
            }
        }

        return result;
    }

    /// <summary>docs/method.md step by step: gated cosine, /tau, row re-centring, per-positive log-ratio, mean over anchors with positives.</summary>
    private static double Reference(double[,] anchors, double[,] keys, double[,] gates, long[] y, long[] y2, double tau)
    {
        var b = y.Length;
        var d = anchors.GetLength(1);
        double total = 0;
        var counted = 0;
        for (var i = 0; i < b; i++)
        {
            var l = new double[b];
            for (var j = 0; j < b; j++)
            {
                double dot = 0, na = 0, nk = 0;
                for (var m = 0; m < d; m++)
                {
                    var ga = gates[i, m] * anchors[i, m];
                    var gk = gates[i, m] * keys[j, m];
                    dot += ga * gk;
                    na += ga * ga;
                    nk += gk * gk;
                }

                l[j] = dot / (Math.Sqrt(na) * Math.Sqrt(nk)) / tau;
            }

            var mean = l.Average();
            for (var j = 0; j < b; j++)
            {
                l[j] -= mean;
            }

            var positives = Enumerable.Range(0, b).Where(j => y[j] == y2[i]).ToArray();
            var negatives = Enumerable.Range(0, b).Where(j => y[j] != y[i] && y[j] != y2[i]).ToArray();
            if (positives.Length == 0)
            {
                continue;
            }

            var negativeSum = negatives.Sum(n => Math.Exp(l[n]));
            total += positives.Average(p => Math.Log(Math.Exp(l[p]) + negativeSum) - l[p]);
            counted++;
        }

        return total / counted;
    }

    /// <summary>SupCon with two views: P_i = keys of the anchor's class, N_i = keys of the other classes, plain cosine.</summary>
    private static double SupCon(double[,] anchors, double[,] keys, long[] y, double tau)
    {
        var b = y.Length;
        var d = anchors.GetLength(1);
        double Cos(int i, int j)
        {
            double dot = 0, na = 0, nk = 0;
            for (var m = 0; m < d; m++)
            {
                dot += anchors[i, m] * keys[j, m];
                na += anchors[i, m] * anchors[i, m];
                nk += keys[j, m] * keys[j, m];
            }

            return dot / Math.Sqrt(na * nk);
        }

        double total = 0;
        for (var i = 0; i < b; i++)
        {
            var positives = Enumerable.Range(0, b).Where(j => y[j] == y[i]).ToArray();
            var negativeSum = Enumerable.Range(0, b).Where(j => y[j] != y[i]).Sum(n => Math.Exp(Cos(i, n) / tau));
            total += positives.Average(p => Math.Log(Math.Exp(Cos(i, p) / tau) + negativeSum) - (Cos(i, p) / tau));
        }

        return total / b;
    }
}
