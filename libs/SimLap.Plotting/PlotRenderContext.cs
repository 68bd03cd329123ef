using OxyPlot;
using SkiaSharp;

namespace SimLap.Plotting;

/// <summary>
/// An OxyPlot render context drawing straight onto a SkiaSharp canvas, antialiased, with text in
/// <see cref="PlotTypeface"/> and without text shaping. It stands in for OxyPlot.SkiaSharp's SkiaRenderContext, whose
/// type needs SkiaSharp.HarfBuzz (not shipped with the host) and whose default typeface is empty without fontconfig.
/// </summary>
internal sealed class PlotRenderContext(SKCanvas canvas, float scale, SKTypeface? typeface) : IRenderContext, IDisposable
{
    private readonly SKPaint paint = new() { IsAntialias = true };
    private readonly SKPaint textPaint = new() { IsAntialias = true, SubpixelText = true };
    private int clips;

    /// <inheritdoc />
    public bool RendersToScreen => false;

    /// <inheritdoc />
    public int ClipCount => clips;

    /// <inheritdoc />
    public void CleanUp()
    {
    }

    /// <inheritdoc />
    public void DrawEllipse(OxyRect extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        DrawEllipses([extents], fill, stroke, thickness, edgeRenderingMode);

    /// <inheritdoc />
    public void DrawEllipses(IList<OxyRect> extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        using var path = new SKPath();
        foreach (var extent in extents)
        {
            path.AddOval(Rect(extent));
        }

        FillAndStroke(path, fill, stroke, thickness, null, LineJoin.Miter);
    }

    /// <inheritdoc />
    public void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter)
    {
        if (points.Count < 2 || !stroke.IsVisible() || thickness <= 0)
        {
            return;
        }

        using var path = new SKPath();
        path.MoveTo(Point(points[0]));
        for (var i = 1; i < points.Count; i++)
        {
            path.LineTo(Point(points[i]));
        }

        canvas.DrawPath(path, Stroke(stroke, thickness, dashArray, lineJoin));
    }

    /// <inheritdoc />
    public void DrawLineSegments(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter)
    {
        if (points.Count < 2 || !stroke.IsVisible() || thickness <= 0)
        {
            return;
        }

        using var path = new SKPath();
        for (var i = 0; i + 1 < points.Count; i += 2)
        {
            path.MoveTo(Point(points[i]));
            path.LineTo(Point(points[i + 1]));
        }

        canvas.DrawPath(path, Stroke(stroke, thickness, dashArray, lineJoin));
    }

    /// <inheritdoc />
    public void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        DrawPolygons([points], fill, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);

    /// <inheritdoc />
    public void DrawPolygons(IList<IList<ScreenPoint>> polygons, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter)
    {
        using var path = new SKPath();
        foreach (var polygon in polygons.Where(p => p.Count >= 2))
        {
            path.MoveTo(Point(polygon[0]));
            for (var i = 1; i < polygon.Count; i++)
            {
                path.LineTo(Point(polygon[i]));
            }

            path.Close();
        }

        FillAndStroke(path, fill, stroke, thickness, dashArray, lineJoin);
    }

    /// <inheritdoc />
    public void DrawRectangle(OxyRect rectangle, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) =>
        DrawRectangles([rectangle], fill, stroke, thickness, edgeRenderingMode);

    /// <inheritdoc />
    public void DrawRectangles(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        using var path = new SKPath();
        foreach (var rectangle in rectangles)
        {
            path.AddRect(Rect(rectangle));
        }

        FillAndStroke(path, fill, stroke, thickness, null, LineJoin.Miter);
    }

    /// <inheritdoc />
    public void DrawImage(OxyImage source, double srcX, double srcY, double srcWidth, double srcHeight, double destX, double destY, double destWidth, double destHeight, double opacity, bool interpolate)
    {
        if (source is null)
        {
            return;
        }

        using var bitmap = SKBitmap.Decode(source.GetData());
        if (bitmap is null)
        {
            return;
        }

        using var imagePaint = new SKPaint { Color = new SKColor(0, 0, 0, (byte)Math.Clamp(opacity * 255, 0, 255)), FilterQuality = interpolate ? SKFilterQuality.High : SKFilterQuality.None };
        var from = new SKRect((float)srcX, (float)srcY, (float)(srcX + srcWidth), (float)(srcY + srcHeight));
        canvas.DrawBitmap(bitmap, from, Rect(new OxyRect(destX, destY, destWidth, destHeight)), imagePaint);
    }

    /// <inheritdoc />
    public void PushClip(OxyRect clippingRectangle)
    {
        canvas.Save();
        canvas.ClipRect(Rect(clippingRectangle));
        clips++;
    }

    /// <inheritdoc />
    public void PopClip()
    {
        if (clips == 0)
        {
            throw new InvalidOperationException("Unbalanced call to PopClip.");
        }

        canvas.Restore();
        clips--;
    }

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

        var textStyle = TextPaint(fontSize, fontWeight);
        textStyle.Color = Colour(fill);
        textStyle.TextAlign = horizontalAlignment switch
        {
            HorizontalAlignment.Center => SKTextAlign.Center,
            HorizontalAlignment.Right => SKTextAlign.Right,
            _ => SKTextAlign.Left,
        };
        var lines = text.Split('\n');
        var lineHeight = textStyle.GetFontMetrics(out var metrics);
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
            canvas.DrawText(line.TrimEnd('\r'), 0, y, textStyle);
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

        var textStyle = TextPaint(fontSize, fontWeight);
        var lines = text.Split('\n');
        var height = textStyle.GetFontMetrics(out _) * lines.Length;
        var width = lines.Max(line => textStyle.MeasureText(line.TrimEnd('\r')));
        return new OxySize(width / scale, height / scale);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        paint.Dispose();
        textPaint.Dispose();
    }

    private static SKColor Colour(OxyColor colour) => new(colour.R, colour.G, colour.B, colour.A);

    private SKPoint Point(ScreenPoint point) => new((float)point.X * scale, (float)point.Y * scale);

    private SKRect Rect(OxyRect rect) => new((float)rect.Left * scale, (float)rect.Top * scale, (float)rect.Right * scale, (float)rect.Bottom * scale);

    private void FillAndStroke(SKPath path, OxyColor fill, OxyColor stroke, double thickness, double[]? dashArray, LineJoin lineJoin)
    {
        if (fill.IsVisible())
        {
            paint.Style = SKPaintStyle.Fill;
            paint.Color = Colour(fill);
            paint.PathEffect = null;
            canvas.DrawPath(path, paint);
        }

        if (stroke.IsVisible() && thickness > 0)
        {
            canvas.DrawPath(path, Stroke(stroke, thickness, dashArray, lineJoin));
        }
    }

    private SKPaint Stroke(OxyColor colour, double thickness, double[]? dashArray, LineJoin lineJoin)
    {
        paint.Style = SKPaintStyle.Stroke;
        paint.Color = Colour(colour);
        paint.StrokeWidth = (float)thickness * scale;
        paint.StrokeJoin = lineJoin switch
        {
            LineJoin.Round => SKStrokeJoin.Round,
            LineJoin.Bevel => SKStrokeJoin.Bevel,
            _ => SKStrokeJoin.Miter,
        };
        paint.PathEffect?.Dispose();
        paint.PathEffect = null;
        if (dashArray is { Length: > 0 })
        {
            var intervals = (dashArray.Length % 2 == 0 ? dashArray : [.. dashArray, .. dashArray]).Select(d => (float)(d * thickness) * scale).ToArray();
            paint.PathEffect = SKPathEffect.CreateDash(intervals, 0);
        }

        return paint;
    }

    private SKPaint TextPaint(double fontSize, double fontWeight)
    {
        textPaint.Typeface = typeface;
        textPaint.TextSize = (float)fontSize * scale;
        textPaint.FakeBoldText = fontWeight >= 600;
        return textPaint;
    }
}
