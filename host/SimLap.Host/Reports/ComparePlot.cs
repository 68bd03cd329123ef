using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Plotting;

namespace SimLap.Host.Reports;

/// <summary>
/// The picture of <c>simlap compare --plot</c>: one bar per group at the metric's mean, with an error bar of ± the
/// sample standard deviation across the group's runs (zero for a single run), the groups on the x axis (labels turned
/// when they would not fit side by side), the metric on the y axis and the experiment in the title. Drawn with the
/// evaluators' plot style and renderer (<see cref="PlotFile"/>, <see cref="PngPlot"/>).
/// </summary>
internal static class ComparePlot
{
    /// <summary>Picture height in pixels.</summary>
    public const int Height = PlotFile.Height;

    private const double PixelsPerCharacter = 7.5;
    private const int PixelsPerGroup = 70;
    private const int MaxWidth = 4000;
    private const int MaxLabelLength = 60;

    /// <summary>The picture's width in pixels for <paramref name="groups"/> bars: the default, wider when there are many.</summary>
    public static int Width(int groups) => Math.Clamp((groups * PixelsPerGroup) + 200, PlotFile.Width, MaxWidth);

    /// <summary>The chart of one of several metrics: <paramref name="path"/> with the metric's name before .png (<c>bars-eval-knn-top1.png</c>).</summary>
    public static string PathFor(string path, string metric)
    {
        var safe = new string(metric.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(path)}-{safe}{Path.GetExtension(path)}");
    }

    /// <summary>Draws <paramref name="result"/> into <paramref name="folder"/> as <c>comparison-&lt;metric&gt;.png</c> (a sweep parent's plot) and returns the full path.</summary>
    public static string SaveInto(ComparisonResult result, string folder) =>
        Save(result, PathFor(Path.Combine(folder, "comparison.png"), result.Metric));

    /// <summary>Draws <paramref name="result"/> to <paramref name="path"/> as a PNG and returns the full path.</summary>
    /// <exception cref="ConfigurationException">No group has the metric: there is nothing to draw.</exception>
    public static string Save(ComparisonResult result, string path)
    {
        var (model, width) = Chart(result) ?? throw new ConfigurationException(
            $"--plot: no run of experiment '{result.Experiment}' logged the metric '{result.Metric}', so there is nothing to draw (choose another with --metric).");
        var full = Path.GetFullPath(path);
        PngPlot.Save(model, full, width, Height);
        return full;
    }

    /// <summary>The bar chart of <paramref name="result"/> and its width in pixels; null when no group has the metric.</summary>
    public static (PlotModel Model, int Width)? Chart(ComparisonResult result)
    {
        var drawn = result.Groups.Where(g => g.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            return null;
        }

        var width = Width(drawn.Count);
        return (Model(result, drawn, width), width);
    }

    /// <summary>The bar chart of the groups in <paramref name="drawn"/> (those with the metric), for a picture <paramref name="width"/> pixels wide.</summary>
    public static PlotModel Model(ComparisonResult result, IReadOnlyList<ComparisonGroup> drawn, int width)
    {
        var left = result.Groups.Count - drawn.Count;
        var subtitle = "mean ± sample standard deviation across runs (seeds); n runs per group"
            + (left > 0 ? $"; {left} group(s) without the metric left out" : string.Empty);
        var model = PlotFile.NewModel(result.Experiment, subtitle);
        var labels = drawn.Select(g => Label(result, g)).ToList();
        var room = (width - 150.0) / drawn.Count;
        var turned = labels.Max(l => l.Length) * PixelsPerCharacter > room * 0.9;
        var groups = new CategoryAxis
        {
            Key = "groups",
            Position = AxisPosition.Bottom,
            Title = result.By.Count == 0 ? "all runs" : string.Join(", ", result.By),
            Angle = turned ? -35 : 0,
            GapWidth = 0.5,
        };
        groups.Labels.AddRange(labels);
        var nonNegative = drawn.All(g => g.Mean - (g.StdDev ?? 0) >= 0);
        var values = PlotFile.Linear(AxisPosition.Left, result.Metric, nonNegative ? 0 : null);
        values.Key = "values";
        values.MaximumPadding = 0.08;
        model.Axes.Add(groups);
        model.Axes.Add(values);
        var bars = new ErrorBarSeries
        {
            XAxisKey = values.Key,
            YAxisKey = groups.Key,
            FillColor = OxyColor.FromRgb(76, 114, 176),
            StrokeColor = OxyColor.FromRgb(50, 80, 130),
            StrokeThickness = 1,
            ErrorStrokeThickness = 1.5,
            ErrorWidth = 0.3,
        };
        for (var i = 0; i < drawn.Count; i++)
        {
            bars.Items.Add(new ErrorBarItem(drawn[i].Mean, drawn[i].StdDev ?? 0, i));
        }

        model.Series.Add(bars);
        return model;
    }

    private static string Label(ComparisonResult result, ComparisonGroup group)
    {
        var name = result.By.Count == 0 ? "all" : string.Join(", ", group.Values);
        if (name.Length > MaxLabelLength)
        {
            name = name[..(MaxLabelLength - 1)] + "…";
        }

        return $"{name} (n={group.Count.ToString(CultureInfo.InvariantCulture)})";
    }
}
