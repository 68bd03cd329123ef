using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace SimLap.Plugins.Core.Evaluators.Plots;

/// <summary>
/// OxyPlot's <see cref="SkiaRenderContext"/> for lines, shapes and images, with text drawn by SkiaSharp directly in
/// <see cref="PlotTypeface"/> and without HarfBuzz text shaping (HarfBuzz's native library is not shipped for Linux,
/// and SkiaSharp's default typeface is empty without fontconfig).
/// </summary>
internal sealed class PlotRenderContext : IRenderContext, IDisposable
{
    private readonly SkiaRenderContext inner;
    private readonly SKCanvas canvas;
    private readonly SKTypeface? typeface;
    private readonly float scale;
    private readonly SKPaint textPaint = new() { IsAntialias = true, SubpixelText = true };

    /// <summary>Renders to <paramref name="canvas"/> at <paramref name="dpiScale"/> (1 = 96 DPI).</summary>
    public PlotRenderContext(SKCanvas canvas, float dpiScale, SKTypeface? typeface)
    {
        this.canvas = canvas;
        this.typeface = typeface;
        scale = dpiScale;
        inner = new SkiaRenderContext { RenderTarget = RenderTarget.PixelGraphic, SkCanvas = canvas, UseTextShaping = false, DpiScale = dpiScale };
    }

    /// <inheritdoc />
    public bool RendersToScreen => inner.RendersToScreen;

    /// <inheritdoc />
    public int ClipCount => inner.ClipCount;

    /// <inheritdoc />
    public void CleanUp() => inner.CleanUp();

    /// <inheritdoc />
    public void DrawEllipse(OxyRect extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        inner.DrawEllipse(extents, fill, stroke, thickness, edgeRenderingMode);

    /// <inheritdoc />
    public void DrawEllipses(IList<OxyRect> extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        inner.DrawEllipses(extents, fill, stroke, thickness, edgeRenderingMode);

    /// <inheritdoc />
    public void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        inner.DrawLine(points, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);

    /// <inheritdoc />
    public void DrawLineSegments(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        inner.DrawLineSegments(points, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);

    /// <inheritdoc />
    public void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        inner.DrawPolygon(points, fill, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);

    /// <inheritdoc />
    public void DrawPolygons(IList<IList<ScreenPoint>> polygons, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        inner.DrawPolygons(polygons, fill, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);

    /// <inheritdoc />
    public void DrawRectangle(OxyRect rectangle, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        inner.DrawRectangle(rectangle, fill, stroke, thickness, edgeRenderingMode);

    /// <inheritdoc />
    public void DrawRectangles(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        inner.DrawRectangles(rectangles, fill, stroke, thickness, edgeRenderingMode);

    /// <inheritdoc />
    public void DrawImage(OxyImage source, double srcX, double srcY, double srcWidth, double srcHeight, double destX, double destY, double destWidth, double destHeight, double opacity, bool interpolate) =>
        inner.DrawImage(source, srcX, srcY, srcWidth, srcHeight, destX, destY, destWidth, destHeight, opacity, interpolate);

    /// <inheritdoc />
    public void PushClip(OxyRect clippingRectangle) => inner.PushClip(clippingRectangle);

    /// <inheritdoc />
    public void PopClip() => inner.PopClip();

    /// <inheritdoc />
    public void SetToolTip(string text)
    {
    }

    /// <inheritdoc />
    public void DrawText(ScreenPoint p, string text, OxyColor fill, string? fontFamily = null, double fontSize = 10, double fontWeight = 400, double rotation = 0, HorizontalAlignment horizontalAlignment = HorizontalAlignment.Left, VerticalAlignment verticalAlignment = VerticalAlignment.Top, OxySize? maxSize = null)
    {
        if (string.IsNullOrEmpty(text) || !fill.IsVisible() || typeface is null)
        {
            return;
        }

        var paint = TextPaint(fontSize, fontWeight);
        paint.Color = fill.ToSKColor();
        paint.TextAlign = horizontalAlignment switch
        {
            HorizontalAlignment.Center => SKTextAlign.Center,
            HorizontalAlignment.Right => SKTextAlign.Right,
            _ => SKTextAlign.Left,
        };
        var lines = text.Split('\n');
        var lineHeight = paint.GetFontMetrics(out var metrics);
        var y = verticalAlignment switch
        {
            VerticalAlignment.Middle => -(metrics.Ascent + metrics.Descent + (lineHeight * (lines.Length - 1))) / 2,
            VerticalAlignment.Bottom => -metrics.Descent - (lineHeight * (lines.Length - 1)),
            _ => -metrics.Ascent,
        };

        using var restore = new SKAutoCanvasRestore(canvas);
        canvas.Translate((float)p.X * scale, (float)p.Y * scale);
        canvas.RotateDegrees((float)rotation);
        foreach (var line in lines)
        {
            canvas.DrawText(line.TrimEnd('\r'), 0, y, paint);
            y += lineHeight;
        }
    }

    /// <inheritdoc />
    public OxySize MeasureText(string text, string? fontFamily = null, double fontSize = 10, double fontWeight = 500)
    {
        if (string.IsNullOrEmpty(text) || typeface is null)
        {
            return new OxySize(0, 0);
        }

        var paint = TextPaint(fontSize, fontWeight);
        var lines = text.Split('\n');
        var height = paint.GetFontMetrics(out _) * lines.Length;
        var width = lines.Max(line => paint.MeasureText(line.TrimEnd('\r')));
        return new OxySize(width / scale, height / scale);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        textPaint.Dispose();
        inner.Dispose();
    }

    private SKPaint TextPaint(double fontSize, double fontWeight)
    {
        textPaint.Typeface = typeface;
        textPaint.TextSize = (float)fontSize * scale;
        textPaint.FakeBoldText = fontWeight >= 600;
        return textPaint;
    }
}
