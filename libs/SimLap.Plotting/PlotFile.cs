using Microsoft.Extensions.Logging;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace SimLap.Plotting;

/// <summary>
/// The one place evaluators (and <c>simlap compare</c>) make pictures: a plain white OxyPlot model with a title, labelled
/// axes and a legend, written as a PNG by <see cref="PngPlot"/>.
/// </summary>
public static class PlotFile
{
    /// <summary>Default picture width in pixels.</summary>
    public const int Width = 900;

    /// <summary>Default picture height in pixels.</summary>
    public const int Height = 560;

    /// <summary>A model with a title (and optional subtitle), white background and a legend at the top right.</summary>
    public static PlotModel NewModel(string title, string? subtitle = null)
    {
        var model = new PlotModel
        {
            Title = title,
            Subtitle = subtitle,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColors.Gray,
            TitleFontSize = 16,
            SubtitleFontSize = 12,
            DefaultFontSize = 12,
        };
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.RightTop,
            LegendPlacement = LegendPlacement.Inside,
            LegendBackground = OxyColor.FromAColor(220, OxyColors.White),
            LegendBorder = OxyColors.LightGray,
        });
        return model;
    }

    /// <summary>A linear axis with a title and light grid lines.</summary>
    public static LinearAxis Linear(AxisPosition position, string title, double? minimum = null, double? maximum = null) => new()
    {
        Position = position,
        Title = title,
        Minimum = minimum ?? double.NaN,
        Maximum = maximum ?? double.NaN,
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.FromRgb(230, 230, 230),
    };

    /// <summary>A base-10 logarithmic axis with a title and light grid lines.</summary>
    public static LogarithmicAxis Log(AxisPosition position, string title) => new()
    {
        Position = position,
        Title = title,
        Base = 10,
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.FromRgb(230, 230, 230),
        MinorGridlineStyle = LineStyle.Dot,
        MinorGridlineColor = OxyColor.FromRgb(240, 240, 240),
    };

    /// <summary>Renders <paramref name="model"/> to <paramref name="directory"/>/<paramref name="fileName"/> as a PNG and returns the full path.</summary>
    public static string SavePng(PlotModel model, string directory, string fileName, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = Path.GetFullPath(Path.Combine(directory, fileName));
        PngPlot.Save(model, path, width, height);
        return path;
    }

    /// <summary>
    /// <see cref="SavePng"/>, but a failure to draw (a missing native library, a full disk) is logged as a warning and
    /// yields no file instead of failing the evaluation: the metrics matter more than the picture.
    /// </summary>
    public static IReadOnlyList<string> TrySavePng(PlotModel model, string directory, string fileName, ILogger logger, int width = Width, int height = Height)
    {
        try
        {
            return [SavePng(model, directory, fileName, width, height)];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException or FileNotFoundException or FileLoadException or InvalidOperationException or EntryPointNotFoundException)
        {
            logger.LogWarning("Could not draw {File}: {Error}", fileName, error.Message);
            return [];
        }
    }
}
