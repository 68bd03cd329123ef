using System.Reflection;
using SkiaSharp;

namespace SimLap.Plotting;

/// <summary>
/// The one typeface every plot's text is drawn with. SkiaSharp's NoDependencies build has no fontconfig (it only scans
/// /usr/share/fonts), so the typeface is loaded explicitly, first found wins: DejaVu Sans embedded in this assembly (an
/// <c>EmbeddedResource</c> whose name ends in <c>DejaVuSans.ttf</c>), <c>DejaVuSans.ttf</c> next to this assembly,
/// well-known system font files, then whatever SkiaSharp's font manager matches.
/// </summary>
internal static class PlotTypeface
{
    private const string FontFile = "DejaVuSans.ttf";

    private static readonly string[] SystemFonts =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
        "/Library/Fonts/Arial.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];

    private static readonly Lazy<(SKTypeface? Typeface, string Source)> Resolved = new(Resolve);

    /// <summary>The typeface, or null when none with glyphs could be found (plots then have no text).</summary>
    public static SKTypeface? Typeface => Resolved.Value.Typeface;

    /// <summary>Where the typeface came from (for diagnostics).</summary>
    public static string Source => Resolved.Value.Source;

    private static (SKTypeface?, string) Resolve()
    {
        var assembly = typeof(PlotTypeface).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(name => name.EndsWith(FontFile, StringComparison.OrdinalIgnoreCase));
        if (resource is not null)
        {
            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is not null && Usable(SKTypeface.FromStream(stream)) is { } embedded)
            {
                return (embedded, $"embedded resource {resource}");
            }
        }

        var folder = Path.GetDirectoryName(assembly.Location);
        var candidates = string.IsNullOrEmpty(folder)
            ? SystemFonts
            : [Path.Combine(folder, FontFile), .. SystemFonts];
        foreach (var path in candidates.Where(File.Exists))
        {
            if (Usable(SKTypeface.FromFile(path)) is { } typeface)
            {
                return (typeface, path);
            }
        }

        foreach (var family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
        {
            if (Usable(SKFontManager.Default.MatchFamily(family)) is { } typeface)
            {
                return (typeface, $"font manager: {family}");
            }
        }

        return (Usable(SKTypeface.Default), "SkiaSharp default");
    }

    private static SKTypeface? Usable(SKTypeface? typeface)
    {
        if (typeface is null)
        {
            return null;
        }

        if (typeface.GlyphCount > 0)
        {
            return typeface;
        }

        typeface.Dispose();
        return null;
    }
}
