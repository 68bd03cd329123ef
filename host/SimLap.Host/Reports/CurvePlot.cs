using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SimLap.Engine.Compare;
using SimLap.Plotting;

namespace SimLap.Host.Reports;

/// <summary>
/// The curves of <c>simlap report</c>: one line per group at the mean over its runs, with ± std error bars, in the
/// evaluators' plot style (<see cref="PlotFile"/>, <see cref="PngPlot"/>).
/// </summary>
internal static class CurvePlot
{
    private static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(76, 114, 176), OxyColor.FromRgb(221, 132, 82), OxyColor.FromRgb(85, 168, 104), OxyColor.FromRgb(196, 78, 82),
        OxyColor.FromRgb(129, 114, 179), OxyColor.FromRgb(147, 120, 96), OxyColor.FromRgb(218, 139, 195), OxyColor.FromRgb(140, 140, 140),
    ];

    /// <summary>Draws <paramref name="curves"/> to <paramref name="path"/> as a PNG and returns the full path.</summary>
    public static string Save(CurveSet curves, string path)
    {
        var full = Path.GetFullPath(path);
        PngPlot.Save(Model(curves), full, PlotFile.Width, PlotFile.Height);
        return full;
    }

    /// <summary>The chart: a line with error bars per group.</summary>
    public static PlotModel Model(CurveSet curves)
    {
        var model = PlotFile.NewModel(curves.Title, "mean ± sample standard deviation across runs (seeds) of each group");
        Axis x = curves.LogX ? PlotFile.Log(AxisPosition.Bottom, curves.XTitle) : PlotFile.Linear(AxisPosition.Bottom, curves.XTitle);
        if (!curves.LogX)
        {
            // Severities are whole numbers: one tick each.
            x.MajorStep = 1;
            x.MinorStep = 1;
        }

        // Room at both ends, so the first and last error bars are not drawn on the axes.
        x.MinimumPadding = 0.04;
        x.MaximumPadding = 0.04;
        model.Axes.Add(x);
        model.Axes.Add(PlotFile.Linear(AxisPosition.Left, curves.YTitle, 0));
        for (var i = 0; i < curves.Curves.Count; i++)
        {
            var curve = curves.Curves[i];
            var color = Palette[i % Palette.Length];
            var n = curve.Points.Count == 0 ? 0 : curve.Points.Max(p => p.Count);
            var line = new LineSeries { Title = $"{curve.Label} (n={n})", Color = color, MarkerType = MarkerType.Circle, MarkerSize = 4, MarkerFill = color, StrokeThickness = 2 };
            var errors = new ScatterErrorSeries { MarkerFill = color, ErrorBarColor = color, ErrorBarStrokeThickness = 1.5, ErrorBarStopWidth = 4, MarkerType = MarkerType.None, RenderInLegend = false };
            foreach (var point in curve.Points)
            {
                line.Points.Add(new DataPoint(point.X, point.Mean));
                errors.Points.Add(new ScatterErrorPoint(point.X, point.Mean, 0, point.StdDev));
            }

            model.Series.Add(errors);
            model.Series.Add(line);
        }

        return model;
    }
}
