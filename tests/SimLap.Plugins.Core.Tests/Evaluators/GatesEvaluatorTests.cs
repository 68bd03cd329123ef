using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Heads;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class GatesEvaluatorTests
{

    [Fact]
    public void SymmetricLabelGatesGiveTheHandComputedMetrics()
    {
        var head = new LabelGateHead(3, symmetric: true);
        var context = EvaluatorTestData.Clusters(classes: 3, trainPerClass: 2, testPerClass: 2, dim: 3, separation: 1) with { Head = head };
        var evaluator = new GatesEvaluator(new GatesOptions(), LossTestContext.Create());
        Assert.Equal("gates", evaluator.Protocol);
        var result = evaluator.Evaluate(context);
        var m = result.Metrics;

        // g(a, a) = e_a (one open entry), g(a, b) = e_a + e_b (two): 3 * 1 + 6 * 2 = 15 open entries of 27.
        Assert.Equal(1, head.Calls);
        Assert.Equal(15.0 / 27, m["gate_mean"], 12);
        Assert.Equal(12.0 / 27, m["gate_sparsity"], 12);
        Assert.Equal(15.0 / 9, m["active_dims"], 12);
        Assert.Equal(1.0 / 3, m["self_pair_gate_mean"], 12);
        Assert.Equal(1, m["symmetry"], 12);
        Assert.Equal(0, m["asymmetry"], 12);
        Assert.Equal(1, m["gated"]);
        Assert.Equal(3, m["classes"]);
        Assert.Equal(BruteForceCrossPairSimilarity(3, symmetric: true), m["cross_pair_similarity"], 12);

        Assert.Equal(2, result.Artifacts.Count);
        using var bitmap = EvaluatorTestData.DecodePng(result.Artifacts[0], 700, 620);
        var csv = File.ReadAllLines(result.Artifacts[1]);
        Assert.Equal("y1,y2,g0,g1,g2", csv[0]);
        Assert.Equal("0,1,1,1,0", csv[2]);
        Assert.Equal(10, csv.Length);
    }

    [Fact]
    public void AnchorOnlyGatesAreAsymmetric()
    {
        var gates = GatesEvaluator.PairGates(new LabelGateHead(4, symmetric: false), 4, CPU);
        var m = GatesEvaluator.Metrics(gates, 0.5);

        // g(a, b) = e_a: g(a, b) and g(b, a) are orthogonal, differing in 2 of 4 entries.
        Assert.Equal(0, m["symmetry"], 12);
        Assert.Equal(0.5, m["asymmetry"], 12);
        Assert.Equal(0.25, m["gate_mean"], 12);
        Assert.Equal(BruteForceCrossPairSimilarity(4, symmetric: false), m["cross_pair_similarity"], 12);
    }

    [Fact]
    public void NoHeadOrAnOpenHeadIsReportedAsUngated()
    {
        var context = EvaluatorTestData.Clusters(classes: 3, trainPerClass: 2, testPerClass: 2, dim: 3, separation: 1);
        var evaluator = new GatesEvaluator(new GatesOptions(), LossTestContext.Create());

        var none = evaluator.Evaluate(context);
        Assert.Equal(1, none.Metrics["gate_mean"]);
        Assert.Equal(0, none.Metrics["gated"]);
        Assert.Empty(none.Artifacts);

        var open = new OpenHead(new NoOptions(), LossTestContext.Create(embeddingDim: 5));
        var opened = evaluator.Evaluate(context with { Head = open });
        Assert.Equal(1, opened.Metrics["gate_mean"]);
        Assert.Equal(0, opened.Metrics["gate_sparsity"]);
        Assert.Equal(0, opened.Metrics["gated"]);
        Assert.Empty(opened.Artifacts);
    }

    private static double BruteForceCrossPairSimilarity(int classes, bool symmetric)
    {
        double[] Gate(int a, int b) => Enumerable.Range(0, classes).Select(k => k == a || (symmetric && k == b) ? 1.0 : 0.0).ToArray();
        double Cosine(double[] u, double[] v) => u.Zip(v, (x, y) => x * y).Sum() / Math.Sqrt(u.Sum(x => x * x) * v.Sum(x => x * x));
        var pairs = (from a in Enumerable.Range(0, classes) from b in Enumerable.Range(0, classes) select (a, b)).ToList();
        var values = new List<double>();
        foreach (var p in pairs)
        {
            foreach (var q in pairs)
            {
                var same = Math.Min(p.a, p.b) == Math.Min(q.a, q.b) && Math.Max(p.a, p.b) == Math.Max(q.a, q.b);
                if (!same)
                {
                    values.Add(Cosine(Gate(p.a, p.b), Gate(q.a, q.b)));
                }
            }
        }

        return values.Average();
    }
}
