using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using SimLap.Plotting;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// The subspace head's gates g(y1, y2) for every ordered class pair, computed in one batch through
/// <see cref="PairAssignment.ForClasses"/> with the head in evaluation mode. Metrics: <c>gate_mean</c> (mean entry),
/// <c>gate_sparsity</c> (share of entries below threshold), <c>active_dims</c> (mean number of entries at or above
/// threshold per pair), <c>cross_pair_similarity</c> (mean cosine between the gates of different unordered pairs,
/// {a, b} != {c, d}), <c>symmetry</c> (mean cosine between g(a, b) and g(b, a), a != b), <c>asymmetry</c> (mean
/// |g(a, b) - g(b, a)|), <c>self_pair_gate_mean</c> (mean over g(a, a)), <c>gated</c> (1 when any entry differs from 1)
/// and <c>classes</c>. Without a head, or with a parameter-free head whose gates are all 1, it reports gate_mean 1,
/// gate_sparsity 0, gated 0 and writes no picture. Plots a C x C heat map of the mean gate value per pair.
/// </summary>
[SimLapComponent("gates", Description = "Gate analysis of the subspace head: per class pair gates, sparsity, cross-pair similarity, symmetry, heat map.")]
public sealed class GatesEvaluator : IEvaluator
{
    private readonly GatesOptions options;
    private readonly ILogger logger;

    /// <summary>Creates the evaluator.</summary>
    public GatesEvaluator(GatesOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        this.options = options;
        logger = context.Logger;
    }

    /// <inheritdoc />
    public string Protocol => "gates";

    /// <summary>Gates [C, C, d] for every ordered class pair (y1, y2) of <paramref name="head"/>, on the CPU as float64.</summary>
    public static Tensor PairGates(ISubspaceHead head, long classes, Device device)
    {
        ArgumentNullException.ThrowIfNull(head);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var anchors = arange(classes, dtype: ScalarType.Int64, device: device).repeat_interleave(classes);
        var partners = arange(classes, dtype: ScalarType.Int64, device: device).repeat(classes);
        var gates = head.Gate(PairAssignment.ForClasses(anchors, partners)).Gates;
        return gates.to(ScalarType.Float64).cpu().reshape(classes, classes, -1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var classes = (long)context.Data.NumClasses;
        if (context.Head is null || classes < 1)
        {
            logger.LogInformation("gates: no subspace head (or no classes); reporting an open gate.");
            return Ungated(classes);
        }

        if (classes > this.options.MaxClasses)
        {
            logger.LogWarning("gates: {Classes} classes exceed max_classes = {Max}; analysing the first {Max}.", classes, this.options.MaxClasses, this.options.MaxClasses);
            classes = this.options.MaxClasses;
        }

        using var scope = NewDisposeScope();
        var device = context.Head.Network.parameters().FirstOrDefault()?.device ?? CPU;
        var gates = PairGates(context.Head, classes, device);
        if (gates.sub(1).abs().max().item<double>() < 1e-12)
        {
            logger.LogInformation("gates: the head is parameter-free (every gate is 1).");
            return Ungated(classes);
        }

        var metrics = Metrics(gates, this.options.Threshold);
        var artifacts = new List<string>();
        var heat = gates.mean([2L]);
        artifacts.AddRange(PlotFile.TrySavePng(Plot(heat, context, metrics), context.WorkDirectory, EvaluationInputs.PlotName("gates", context.Epoch), logger, PlotFile.Height + 140, PlotFile.Height + 60));
        if (this.options.WriteCsv)
        {
            artifacts.Add(WriteCsv(gates, context.WorkDirectory, $"gates-epoch{context.Epoch:D3}.csv"));
        }

        return new EvaluationResult(metrics, artifacts);
    }

    /// <summary>The metrics of gates [C, C, d] (see the class summary).</summary>
    public static Dictionary<string, double> Metrics(Tensor gates, double threshold)
    {
        using var scope = NewDisposeScope();
        var classes = gates.shape[0];
        var dim = gates.shape[2];
        var metrics = new Dictionary<string, double>
        {
            ["gate_mean"] = gates.mean().item<double>(),
            ["gate_sparsity"] = gates.lt(threshold).to(ScalarType.Float64).mean().item<double>(),
            ["active_dims"] = gates.ge(threshold).to(ScalarType.Float64).sum(2).mean().item<double>(),
            ["self_pair_gate_mean"] = gates.diagonal(0, 0, 1).mean().item<double>(),
            ["gated"] = 1,
            ["classes"] = classes,
        };

        var flat = nn.functional.normalize(gates.reshape(classes * classes, dim), dim: 1);
        var cosine = flat.matmul(flat.t());
        var a = arange(classes, dtype: ScalarType.Int64).repeat_interleave(classes);
        var b = arange(classes, dtype: ScalarType.Int64).repeat(classes);
        var low = minimum(a, b);
        var high = maximum(a, b);
        var samePair = low.unsqueeze(1).eq(low.unsqueeze(0)).logical_and(high.unsqueeze(1).eq(high.unsqueeze(0)));
        var different = samePair.logical_not();
        metrics["cross_pair_similarity"] = different.any().item<bool>() ? cosine.masked_select(different).mean().item<double>() : double.NaN;

        var offDiagonal = a.ne(b);
        if (offDiagonal.any().item<bool>())
        {
            var transposed = gates.transpose(0, 1).reshape(classes * classes, dim);
            var mirrored = nn.functional.normalize(transposed, dim: 1);
            var pairCosine = flat.mul(mirrored).sum(1);
            metrics["symmetry"] = pairCosine.masked_select(offDiagonal).mean().item<double>();
            metrics["asymmetry"] = gates.reshape(classes * classes, dim).sub(transposed).abs().mean(new long[] { 1 }).masked_select(offDiagonal).mean().item<double>();
        }
        else
        {
            metrics["symmetry"] = 1;
            metrics["asymmetry"] = 0;
        }

        return metrics;
    }

    private static EvaluationResult Ungated(long classes) => new(
        new Dictionary<string, double>
        {
            ["gate_mean"] = 1,
            ["gate_sparsity"] = 0,
            ["gated"] = 0,
            ["classes"] = classes,
        },
        Array.Empty<string>());

    private static PlotModel Plot(Tensor heat, EvaluationContext context, Dictionary<string, double> metrics)
    {
        var classes = (int)heat.shape[0];
        var names = Enumerable.Range(0, classes).Select(c => c < context.Data.ClassNames.Count ? context.Data.ClassNames[c] : c.ToString(CultureInfo.InvariantCulture)).ToList();
        var values = heat.contiguous().data<double>().ToArray();
        var data = new double[classes, classes];
        for (var i = 0; i < classes; i++)
        {
            for (var j = 0; j < classes; j++)
            {
                data[j, i] = values[(i * classes) + j];
            }
        }

        var model = PlotFile.NewModel(
            "Mean gate value per class pair g(y1, y2)",
            $"sparsity {metrics["gate_sparsity"]:F2}, cross-pair cosine {metrics["cross_pair_similarity"]:F2}, symmetry {metrics["symmetry"]:F2}, epoch {context.Epoch}");
        model.Legends.Clear();
        model.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = OxyPalettes.Viridis(200), Minimum = 0, Maximum = 1, Title = "mean gate" });
        var showNames = classes <= 20;
        model.Axes.Add(ClassAxis(AxisPosition.Bottom, "partner class y2", names, showNames));
        model.Axes.Add(ClassAxis(AxisPosition.Left, "anchor class y1", names, showNames));
        model.Series.Add(new HeatMapSeries
        {
            X0 = 0,
            X1 = classes - 1,
            Y0 = 0,
            Y1 = classes - 1,
            Data = data,
            Interpolate = false,
            RenderMethod = HeatMapRenderMethod.Rectangles,
            LabelFontSize = classes <= 12 ? 0.25 : 0,
            LabelFormatString = "0.00",
        });
        return model;
    }

    private static Axis ClassAxis(AxisPosition position, string title, IReadOnlyList<string> names, bool showNames)
    {
        if (!showNames)
        {
            return PlotFile.Linear(position, title + " (index)", -0.5, names.Count - 0.5);
        }

        var axis = new CategoryAxis { Position = position, Title = title, GapWidth = 0, Angle = position == AxisPosition.Bottom ? -30 : 0 };
        axis.Labels.AddRange(names);
        return axis;
    }

    private static string WriteCsv(Tensor gates, string directory, string fileName)
    {
        var classes = gates.shape[0];
        var dim = gates.shape[2];
        var values = gates.contiguous().data<double>().ToArray();
        var text = new StringBuilder();
        text.Append("y1,y2");
        for (var k = 0; k < dim; k++)
        {
            text.Append(CultureInfo.InvariantCulture, $",g{k}");
        }

        text.AppendLine();
        for (long i = 0; i < classes; i++)
        {
            for (long j = 0; j < classes; j++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i},{j}");
                var offset = ((i * classes) + j) * dim;
                for (var k = 0; k < dim; k++)
                {
                    text.Append(CultureInfo.InvariantCulture, $",{values[offset + k]:G6}");
                }

                text.AppendLine();
            }
        }

        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, fileName));
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
