using Microsoft.Extensions.Logging;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using SkiaSharp;

namespace SimLap.Plugins.Core.Evaluators.Plots;

/// <summary>
/// The one place evaluators make pictures: a plain white OxyPlot model with a title, labelled axes and a legend, written
/// as a PNG. The PNG is rendered as OxyPlot.SkiaSharp's PngExporter does (bitmap, canvas, model.Render, PNG encoding),
/// through <see cref="PlotRenderContext"/>: OxyPlot.SkiaSharp's own context cannot be loaded without SkiaSharp.HarfBuzz,
/// which the host does not ship, and text must use <see cref="PlotTypeface"/> without shaping.
/// </summary>
internal static class PlotFile
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
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, fileName));
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var context = new PlotRenderContext(canvas, 1f, PlotTypeface.Typeface))
        {
            ((IPlotModel)model).Update(true);
            canvas.Clear(new SKColor(model.Background.R, model.Background.G, model.Background.B, model.Background.A));
            ((IPlotModel)model).Render(context, new OxyRect(0, 0, width, height));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
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
