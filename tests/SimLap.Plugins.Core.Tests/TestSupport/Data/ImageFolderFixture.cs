using SkiaSharp;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>Image folders written for tests: real PNG (or JPEG) files with known pixels.</summary>
internal static class ImageFolderFixture
{
    /// <summary>Writes an opaque RGB image of <paramref name="width"/> x <paramref name="height"/> from bytes (R, G, B per pixel, row-major).</summary>
    public static void WriteImage(string path, int width, int height, byte[] rgb, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = 3 * (y * width + x);
                bitmap.SetPixel(x, y, new SKColor(rgb[i], rgb[i + 1], rgb[i + 2], 255));
            }
        }

        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>[C, H, W] bytes of an RGB image given as interleaved R, G, B per pixel.</summary>
    public static byte[] Planar(byte[] rgb, int pixels) =>
        [.. Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(0, pixels).Select(p => rgb[3 * p + c]))];

    /// <summary>Two classes x three 8x8 PNGs in train/, one of each class in test/; returns the interleaved pixels by file.</summary>
    public static Dictionary<string, byte[]> WriteFolder(string root)
    {
        var images = new Dictionary<string, byte[]>();
        var seed = 0;
        foreach (var split in new[] { "train", "test" })
        {
            foreach (var name in new[] { "zebra", "cat" })
            {
                for (var i = 0; i < (split == "train" ? 3 : 1); i++)
                {
                    var path = Path.Combine(root, split, name, $"img{i}.png");
                    images[path] = DataFormats.RandomBytes(8 * 8 * 3, seed++);
                    WriteImage(path, 8, 8, images[path]);
                }
            }
        }

        return images;
    }
}
