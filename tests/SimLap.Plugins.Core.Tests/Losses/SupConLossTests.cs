using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

public sealed class SupConLossTests
{
    // Unnormalised on purpose: normalised, a0 = (1,0), a1 = (0,1), b0 = (1,1)/sqrt2, b1 = (-1,1)/sqrt2.
    private static readonly double[,] View1 = { { 3, 0 }, { 0, 2 } };
    private static readonly double[,] View2 = { { 1, 1 }, { -2, 2 } };

    [Fact]
    public void TwoImagesOfOneClassMatchTheHandComputedValue()
    {
        var loss = Compute(View1, View2, [0, 0], temperature: 0.1);

        // Every other embedding is a positive and in the denominator. With c = 1/sqrt2 and logits cos/0.1:
        // a0 sees a1: 0, b0: c, b1: -c; b1 sees a0: -c, a1: c, b0: 0 -> L = log(1 + e^10c + e^-10c) - (0 + 10c - 10c)/3.
        // a1 sees a0: 0, b0: c, b1: c; b0 sees a0: c, a1: c, b1: 0 -> L = log(1 + 2 e^10c) - (0 + 10c + 10c)/3.
        var c = 1 / Math.Sqrt(2);
        var mixed = Math.Log(1 + Math.Exp(10 * c) + Math.Exp(-10 * c));
        var close = Math.Log(1 + (2 * Math.Exp(10 * c))) - (20 * c / 3);
        var expected = (mixed + close) / 2;

        Assert.Equal(5.0613, expected, 4);
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void WithOneImagePerClassItIsNtXent()
    {
        var loss = Compute(View1, View2, [0, 1], temperature: 0.2);

        Assert.Equal(0.3685825852633928, loss, 5);
    }

    [Fact]
    public void MatchesAScalarLoopOverABatchWithClassesOfSeveralSizes()
    {
        int[] labels = [0, 1, 0, 2, 1, 0];
        var generator = new Random(7);
        var view1 = RandomMatrix(generator, labels.Length, 5);
        var view2 = RandomMatrix(generator, labels.Length, 5);

        var loss = Compute(view1, view2, labels, temperature: 0.1);

        Assert.Equal(ScalarLoop(view1, view2, labels, 0.1), loss, 4);
    }

    [Fact]
    public void AnImageAloneInItsClassStillHasItsOtherViewAsPositive()
    {
        int[] labels = [0, 0, 1];
        var generator = new Random(3);
        var view1 = RandomMatrix(generator, 3, 4);
        var view2 = RandomMatrix(generator, 3, 4);

        Assert.Equal(ScalarLoop(view1, view2, labels, 0.1), Compute(view1, view2, labels, 0.1), 4);
    }

    private static double Compute(double[,] view1, double[,] view2, int[] labels, double temperature)
    {
        var classes = tensor(labels.Select(l => (long)l).ToArray());
        var v1 = tensor(view1, dtype: ScalarType.Float32);
        var v2 = tensor(view2, dtype: ScalarType.Float32);
        var input = new LossInput(v1, v2, PairAssignment.ForClasses(classes, classes), ones(labels.Length, view1.GetLength(1)), v1, v2);
        var options = new SupConOptions { Temperature = temperature };
        return new SupConLoss(options, LossTestContext.Create(embeddingDim: view1.GetLength(1))).Compute(input).Loss.item<float>();
    }

    /// <summary>L_out written as Khosla et al. state it, one anchor and one positive at a time, in doubles.</summary>
    private static double ScalarLoop(double[,] view1, double[,] view2, int[] labels, double temperature)
    {
        var batch = labels.Length;
        var z = Enumerable.Range(0, 2 * batch).Select(i => Normalise(Row(i < batch ? view1 : view2, i % batch))).ToArray();
        double total = 0;
        for (var i = 0; i < 2 * batch; i++)
        {
            double denominator = 0;
            for (var a = 0; a < 2 * batch; a++)
            {
                denominator += a == i ? 0 : Math.Exp(Dot(z[i], z[a]) / temperature);
            }

            double sum = 0;
            var positives = 0;
            for (var p = 0; p < 2 * batch; p++)
            {
                if (p != i && labels[p % batch] == labels[i % batch])
                {
                    sum += Math.Log(Math.Exp(Dot(z[i], z[p]) / temperature) / denominator);
                    positives++;
                }
            }

            total += -sum / positives;
        }

        return total / (2 * batch);
    }

    private static double[,] RandomMatrix(Random generator, int rows, int columns)
    {
        var result = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                result[i, j] = (generator.NextDouble() * 2) - 1;
            }
        }

        return result;
    }

    private static double[] Row(double[,] matrix, int row) => Enumerable.Range(0, matrix.GetLength(1)).Select(j => matrix[row, j]).ToArray();

    private static double[] Normalise(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        return v.Select(x => x / norm).ToArray();
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
