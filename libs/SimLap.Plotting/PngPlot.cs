using OxyPlot;
using SkiaSharp;

namespace SimLap.Plotting;

/// <summary>
/// Writes an OxyPlot model as a PNG. The PNG is rendered as OxyPlot.SkiaSharp's PngExporter does (bitmap, canvas,
/// model.Render, PNG encoding), through <see cref="PlotRenderContext"/>: OxyPlot.SkiaSharp's own context cannot be
/// loaded without SkiaSharp.HarfBuzz, which the host does not ship, and text must use <see cref="PlotTypeface"/>
/// without shaping.
/// </summary>
public static class PngPlot
{
    /// <summary>Renders <paramref name="model"/> to <paramref name="path"/> as a PNG of <paramref name="width"/> × <paramref name="height"/> pixels, creating the folder.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width or height is not positive.</exception>
    public static void Save(PlotModel model, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllBytes(full, Encode(model, width, height));
    }

    /// <summary>Renders <paramref name="model"/> as the bytes of a PNG of <paramref name="width"/> × <paramref name="height"/> pixels (to embed it, e.g. in HTML).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width or height is not positive.</exception>
    public static byte[] Encode(PlotModel model, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
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
        return data.ToArray();
    }
}
