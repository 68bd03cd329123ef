using System.Globalization;
using Microsoft.Extensions.Logging;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;
using SimLap.Plotting;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// A 2-D map of the test embeddings (up to max_samples, seeded) by PCA: the data are centred (float64, on the device),
/// their covariance (or, with fewer samples than dimensions, their Gram matrix) is accumulated in batches and
/// diagonalised, and every sample is projected on the two leading principal axes (signs fixed so that each axis's
/// largest coordinate is positive). Metrics, in %: <c>explained_variance_1</c> and <c>explained_variance_2</c>, the
/// share of the total variance along PC 1 and PC 2; and, with labels, <c>silhouette_2d</c>, the mean silhouette
/// (b - a) / max(a, b) of the classes in the map (a: mean distance to the own class, b: to the nearest other class;
/// 0 for a sample alone in its class; -1..1, 1 = compact, well-separated classes). Plots the map coloured by class.
/// </summary>
[SimLapComponent("embedding-map", Description = "2-D PCA map of the test embeddings coloured by class: explained variance of PC 1 and PC 2, 2-D silhouette, scatter plot.")]
public sealed class EmbeddingMapEvaluator : SeededEvaluator<EmbeddingMapOptions>, IEvaluator
{
    private const int LegendClasses = 20;

    // matplotlib's tab10 and tab20 palettes: distinct, colour-blind-friendlier than a hue wheel.
    private static readonly uint[] Tab10 = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf];
    private static readonly uint[] Tab20 =
    [
        0x1f77b4, 0xaec7e8, 0xff7f0e, 0xffbb78, 0x2ca02c, 0x98df8a, 0xd62728, 0xff9896, 0x9467bd, 0xc5b0d5,
        0x8c564b, 0xc49c94, 0xe377c2, 0xf7b6d2, 0x7f7f7f, 0xc7c7c7, 0xbcbd22, 0xdbdb8d, 0x17becf, 0x9edae5,
    ];


    /// <summary>Creates the evaluator; its subset is seeded from the context's generator.</summary>
    public EmbeddingMapEvaluator(EmbeddingMapOptions options, ComponentContext context)
        : base(options, context)
    {
    }

    /// <inheritdoc />
    public string Protocol => "embedding-map";

    /// <summary>
    /// The coordinates [N, <paramref name="components"/>] (float64, CPU) of <paramref name="embeddings"/> [N, d] on its
    /// leading principal axes, and the share (0..1) of the total variance each axis explains. Components beyond d (or
    /// beyond the rank) have zero coordinates and zero share; all shares are 0 when the data do not vary.
    /// </summary>
    public static (Tensor Coordinates, double[] ExplainedVariance) PrincipalComponents(Tensor embeddings, int components = 2, long batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(components);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (embeddings.dim() != 2 || embeddings.shape[0] == 0)
        {
            throw new ArgumentException($"Embeddings must be [N, d] with N > 0; found [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        }

        using var scope = NewDisposeScope();
        var n = embeddings.shape[0];
        var d = embeddings.shape[1];
        var device = embeddings.device;
        var mean = zeros(d, dtype: ScalarType.Float64, device: device);
        foreach (var batch in Batches(embeddings, batchSize))
        {
            mean.add_(batch.to(ScalarType.Float64).sum([0L]));
        }

        mean.div_(n);
        var k = (int)Math.Min(components, Math.Min(d, n));
        var (leading, coordinates, total) = d <= n ? CovarianceAxes(embeddings, mean, k, batchSize) : GramAxes(embeddings, mean, k);

        // Deterministic signs: each axis's coordinate of largest magnitude is positive.
        var largest = coordinates.abs().argmax(0, keepdim: true);
        var signs = coordinates.gather(0, largest).sign();
        coordinates = coordinates.mul(signs.where(signs.ne(0), ones_like(signs)));
        if (k < components)
        {
            coordinates = cat([coordinates, zeros(n, components - k, dtype: ScalarType.Float64, device: device)], 1);
        }

        var totalVariance = total.item<double>();
        var shares = leading.cpu().data<double>().Select(v => totalVariance > 0 ? v / totalVariance : 0).ToList();
        shares.AddRange(Enumerable.Repeat(0.0, components - k));
        return (coordinates.cpu().MoveToOuterDisposeScope(), [.. shares]);
    }

    /// <summary>
    /// The leading <paramref name="k"/> eigenvalues of the (unnormalised) covariance d x d, accumulated batch by batch,
    /// the coordinates on its eigenvectors, and its trace.
    /// </summary>
    private static (Tensor Leading, Tensor Coordinates, Tensor Total) CovarianceAxes(Tensor embeddings, Tensor mean, int k, long batchSize)
    {
        var d = embeddings.shape[1];
        var covariance = zeros(d, d, dtype: ScalarType.Float64, device: embeddings.device);
        foreach (var batch in Batches(embeddings, batchSize))
        {
            var centred = batch.to(ScalarType.Float64).sub(mean);
            covariance.add_(centred.t().matmul(centred));
        }

        var (values, vectors) = linalg.eigh(covariance);
        var order = arange(d - 1, d - 1 - k, -1, dtype: ScalarType.Int64, device: embeddings.device);
        var leading = values.index_select(0, order).clamp_min(0);
        var axes = vectors.index_select(1, order);
        var coordinates = cat(Batches(embeddings, batchSize).Select(b => b.to(ScalarType.Float64).sub(mean).matmul(axes)).ToList());
        return (leading, coordinates, covariance.trace());
    }

    /// <summary>
    /// Fewer samples than dimensions: the Gram matrix N x N has the same non-zero eigenvalues, and its eigenvectors
    /// scaled by sqrt(eigenvalue) are the coordinates.
    /// </summary>
    private static (Tensor Leading, Tensor Coordinates, Tensor Total) GramAxes(Tensor embeddings, Tensor mean, int k)
    {
        var n = embeddings.shape[0];
        var centred = embeddings.to(ScalarType.Float64).sub(mean);
        var gram = centred.matmul(centred.t());
        var (values, vectors) = linalg.eigh(gram);
        var order = arange(n - 1, n - 1 - k, -1, dtype: ScalarType.Int64, device: embeddings.device);
        var leading = values.index_select(0, order).clamp_min(0);
        return (leading, vectors.index_select(1, order).mul(leading.sqrt()), gram.trace());
    }

    /// <summary>
    /// The mean silhouette of <paramref name="labels"/> [N] in <paramref name="points"/> [N, p] (Euclidean), computed in
    /// blocks of rows; a sample alone in its class scores 0 (Rousseeuw, 1987; as scikit-learn). Null unless 2..N-1
    /// classes are present.
    /// </summary>
    public static double? Silhouette(Tensor points, Tensor labels, long batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var scope = NewDisposeScope();
        var n = points.shape[0];
        var (classes, maybeInverse, _) = unique(labels.to(points.device), return_inverse: true);
        var present = classes.shape[0];
        if (present < 2 || present > n - 1)
        {
            return null;
        }

        var inverse = maybeInverse!;
        var x = points.to(ScalarType.Float64);
        var members = nn.functional.one_hot(inverse, present).to(ScalarType.Float64);
        var counts = members.sum([0L]);
        var total = 0.0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var block = NewDisposeScope();
            var length = Math.Min(batchSize, n - start);
            var own = inverse.narrow(0, start, length).unsqueeze(1);
            var sums = cdist(x.narrow(0, start, length), x).matmul(members);
            var ownCount = counts.index_select(0, own.squeeze(1));
            var a = sums.gather(1, own).squeeze(1).div(ownCount.sub(1).clamp_min(1));
            var b = sums.div(counts).scatter(1, own, full(length, 1, double.PositiveInfinity, dtype: ScalarType.Float64, device: x.device)).amin([1L]);
            var denominator = a.maximum(b);
            var s = b.sub(a).div(denominator.where(denominator.gt(0), ones_like(denominator)));
            total += s.where(ownCount.gt(1), zeros_like(s)).sum().item<double>();
        }

        return total / n;
    }

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Test.Count < 2)
        {
            throw new InvalidOperationException("The 'embedding-map' evaluator needs at least two test images.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)Seed, CPU);
        var subset = EvaluationInputs.Subset(context.Test.Count, Options.MaxSamples, generator);
        var images = EvaluationInputs.Images(context.Test, subset);
        var labels = context.Test.Labels is { } all ? (subset is null ? all : all.index_select(0, subset)) : null;
        var extractor = EvaluationInputs.Extractor(context, Options.Space);
        var (coordinates, shares) = PrincipalComponents(extractor.Extract(images), 2, Options.BatchSize);
        var metrics = new Dictionary<string, double>
        {
            ["explained_variance_1"] = 100 * shares[0],
            ["explained_variance_2"] = 100 * shares[1],
        };
        if (Options.Silhouette && labels is not null && Silhouette(coordinates, labels, Options.BatchSize) is { } silhouette)
        {
            metrics["silhouette_2d"] = silhouette;
        }

        var space = extractor == context.Encoder ? "feature" : "embedding";
        var classes = labels is null ? 0 : EvaluationInputs.Classes(context, labels);
        var plot = Plot(coordinates, labels, classes, context.Data.ClassNames, metrics, space, context.Epoch);
        return new EvaluationResult(metrics, PlotFile.TrySavePng(plot, context.WorkDirectory, EvaluationInputs.PlotName($"embedding-map-{space}", context.Epoch), Logger));
    }

    /// <summary>The scatter plot: one series per class (with a legend) up to 20 classes, else one series coloured by class index.</summary>
    public static PlotModel Plot(Tensor coordinates, Tensor? labels, long classes, IReadOnlyList<string> classNames, IReadOnlyDictionary<string, double> metrics, string space, int epoch)
    {
        var points = coordinates.contiguous().data<double>().ToArray();
        var n = (int)coordinates.shape[0];
        var y = labels?.cpu().data<long>().ToArray();
        var silhouette = metrics.TryGetValue("silhouette_2d", out var s) ? string.Create(CultureInfo.InvariantCulture, $", silhouette {s:F2}") : "";
        var model = PlotFile.NewModel(
            $"PCA map of the test {space}s",
            string.Create(CultureInfo.InvariantCulture, $"{n} test images, PC 1 + PC 2 explain {metrics["explained_variance_1"] + metrics["explained_variance_2"]:F1}% of the variance{silhouette}, epoch {epoch}"));
        model.Axes.Add(PlotFile.Linear(AxisPosition.Bottom, string.Create(CultureInfo.InvariantCulture, $"PC 1 ({metrics["explained_variance_1"]:F1}% variance)")));
        model.Axes.Add(PlotFile.Linear(AxisPosition.Left, string.Create(CultureInfo.InvariantCulture, $"PC 2 ({metrics["explained_variance_2"]:F1}% variance)")));
        var size = n > 1000 ? 2.0 : n > 200 ? 3.0 : 4.0;
        ScatterSeries Series(string? title, OxyColor colour) => new()
        {
            Title = title,
            MarkerType = MarkerType.Circle,
            MarkerSize = size,
            MarkerFill = OxyColor.FromAColor(200, colour),
            MarkerStroke = OxyColors.Undefined,
            MarkerStrokeThickness = 0,
        };

        if (y is null)
        {
            var series = Series("test images (no labels)", OxyColors.SteelBlue);
            series.Points.AddRange(Enumerable.Range(0, n).Select(i => new ScatterPoint(points[2 * i], points[(2 * i) + 1])));
            model.Series.Add(series);
        }
        else if (classes <= LegendClasses)
        {
            var palette = classes <= Tab10.Length ? Tab10 : Tab20;
            model.Legends[0].LegendPlacement = LegendPlacement.Outside;
            model.Legends[0].LegendPosition = LegendPosition.RightTop;
            for (var c = 0; c < classes; c++)
            {
                var name = c < classNames.Count ? classNames[c] : $"class {c}";
                var series = Series(name, OxyColor.FromUInt32(0xff000000 | palette[c]));
                series.Points.AddRange(Enumerable.Range(0, n).Where(i => y[i] == c).Select(i => new ScatterPoint(points[2 * i], points[(2 * i) + 1])));
                model.Series.Add(series);
            }
        }
        else
        {
            model.Axes.Add(new LinearColorAxis
            {
                Position = AxisPosition.Right,
                Palette = OxyPalettes.HueDistinct((int)classes),
                Minimum = -0.5,
                Maximum = classes - 0.5,
                Title = "class index",
            });
            var series = Series(null, OxyColors.Black);
            series.MarkerFill = OxyColors.Automatic; // a fixed fill would override the colour axis
            series.Points.AddRange(Enumerable.Range(0, n).Select(i => new ScatterPoint(points[2 * i], points[(2 * i) + 1], double.NaN, y[i])));
            model.Series.Add(series);
        }

        return model;
    }

    private static IEnumerable<Tensor> Batches(Tensor rows, long batchSize)
    {
        for (long start = 0; start < rows.shape[0]; start += batchSize)
        {
            yield return rows.narrow(0, start, Math.Min(batchSize, rows.shape[0] - start));
        }
    }
}
