namespace SimLap.Plugins.Core.Tests.Losses;

/// <summary>Plain-double reference arithmetic for the loss tests, one step at a time, plus the tiny fixed batch they share.</summary>
internal static class LossReference
{
    // Four images, three embedding dims: online embeddings of both views and the momentum target's embeddings.
    public static readonly double[,] Z1 = { { 1.0, 0.5, -0.2 }, { 0.3, -1.0, 0.8 }, { 0.9, 0.1, 0.4 }, { -0.5, 0.7, 0.2 } };
    public static readonly double[,] Z2 = { { 0.8, 0.6, 0.0 }, { 0.1, -0.9, 1.0 }, { 1.0, -0.2, 0.3 }, { -0.4, 0.9, -0.1 } };
    public static readonly double[,] T1 = { { 0.9, 0.4, -0.1 }, { 0.2, -0.8, 0.9 }, { 1.1, 0.0, 0.5 }, { -0.6, 0.8, 0.1 } };
    public static readonly double[,] T2 = { { 0.7, 0.7, 0.1 }, { 0.0, -1.0, 0.9 }, { 0.9, -0.3, 0.2 }, { -0.3, 1.0, 0.0 } };

    // A fixed predictor with hidden width 4: Linear(3, 4) - BN(4) (weight 1, bias 0) - ReLU - Linear(4, 3).
    public static readonly double[,] W1 = { { 0.5, -0.3, 0.2 }, { -0.4, 0.6, 0.1 }, { 0.3, 0.2, -0.5 }, { 0.1, -0.2, 0.4 } };
    public static readonly double[] B1 = [0.1, -0.1, 0.05, 0.0];
    public static readonly double[,] W2 = { { 0.6, -0.2, 0.3, 0.1 }, { -0.1, 0.5, -0.4, 0.2 }, { 0.2, 0.1, 0.3, -0.6 } };
    public static readonly double[] B2 = [0.05, -0.05, 0.1];

    /// <summary>x W^T + b, row by row.</summary>
    public static double[,] Linear(double[,] x, double[,] w, double[] b)
    {
        var rows = x.GetLength(0);
        var outputs = w.GetLength(0);
        var result = new double[rows, outputs];
        for (var i = 0; i < rows; i++)
        {
            for (var o = 0; o < outputs; o++)
            {
                var sum = b[o];
                for (var k = 0; k < x.GetLength(1); k++)
                {
                    sum += w[o, k] * x[i, k];
                }

                result[i, o] = sum;
            }
        }

        return result;
    }

    /// <summary>Per column: (x - mean) / sqrt(biased var + eps), the training-mode BatchNorm with weight 1 and bias 0.</summary>
    public static double[,] Standardise(double[,] x, double eps = 1e-5)
    {
        var rows = x.GetLength(0);
        var cols = x.GetLength(1);
        var result = new double[rows, cols];
        for (var k = 0; k < cols; k++)
        {
            double mean = 0;
            for (var i = 0; i < rows; i++)
            {
                mean += x[i, k] / rows;
            }

            double variance = 0;
            for (var i = 0; i < rows; i++)
            {
                variance += (x[i, k] - mean) * (x[i, k] - mean) / rows;
            }

            for (var i = 0; i < rows; i++)
            {
                result[i, k] = (x[i, k] - mean) / Math.Sqrt(variance + eps);
            }
        }

        return result;
    }

    /// <summary>max(0, x) elementwise.</summary>
    public static double[,] Relu(double[,] x)
    {
        var result = (double[,])x.Clone();
        for (var i = 0; i < x.GetLength(0); i++)
        {
            for (var k = 0; k < x.GetLength(1); k++)
            {
                result[i, k] = Math.Max(0, x[i, k]);
            }
        }

        return result;
    }

    /// <summary>The fixed predictor q(z) = Linear2(ReLU(BN(Linear1(z)))).</summary>
    public static double[,] Predict(double[,] z) => Linear(Relu(Standardise(Linear(z, W1, B1))), W2, B2);

    /// <summary>Row <paramref name="i"/> of <paramref name="x"/>.</summary>
    public static double[] Row(double[,] x, int i) => Enumerable.Range(0, x.GetLength(1)).Select(k => x[i, k]).ToArray();

    /// <summary>cos(a, b) = a.b / (|a| |b|).</summary>
    public static double Cos(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var k = 0; k < a.Length; k++)
        {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }

        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>MoCo v3, one direction: mean_i [ log sum_j exp(cos(q_i, k_j)/tau) - cos(q_i, k_i)/tau ] * 2 tau.</summary>
    public static double MocoDirection(double[,] queries, double[,] keys, double tau)
    {
        var b = queries.GetLength(0);
        double total = 0;
        for (var i = 0; i < b; i++)
        {
            var logits = Enumerable.Range(0, b).Select(j => Cos(Row(queries, i), Row(keys, j)) / tau).ToArray();
            total += Math.Log(logits.Sum(Math.Exp)) - logits[i];
        }

        return total / b * 2 * tau;
    }

    /// <summary>docs/method.md's multi-positive loss, one direction: gated cosine / tau, row re-centred, mean over anchors with positives.</summary>
    public static double MultiPositiveDirection(double[,] anchors, double[,] keys, double[,] gates, long[] y, long[] y2, double tau)
    {
        var b = y.Length;
        var d = anchors.GetLength(1);
        double total = 0;
        var counted = 0;
        for (var i = 0; i < b; i++)
        {
            var gated = Enumerable.Range(0, d).Select(m => gates[i, m] * anchors[i, m]).ToArray();
            var l = Enumerable.Range(0, b)
                .Select(j => Cos(gated, Enumerable.Range(0, d).Select(m => gates[i, m] * keys[j, m]).ToArray()) / tau)
                .ToArray();
            var mean = l.Average();
            l = l.Select(v => v - mean).ToArray();

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

        return counted == 0 ? 0 : total / counted;
    }

    /// <summary>A [rows, cols] array of ones.</summary>
    public static double[,] Ones(int rows, int cols)
    {
        var result = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var k = 0; k < cols; k++)
            {
                result[i, k] = 1;
            }
        }

        return result;
    }
}
