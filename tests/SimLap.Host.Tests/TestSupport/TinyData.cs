using System.Buffers.Binary;
using SkiaSharp;

namespace SimLap.Host.Tests;

/// <summary>Small valid data sets on disk (IDX files, CIFAR batches, image folders) and experiments that train on them.</summary>
public static class TinyData
{
    /// <summary>The IDX files of a 28x28, ten-class data set: <paramref name="train"/> training and <paramref name="test"/> test images, raw.</summary>
    public static string WriteIdx(TestWorkspace workspace, string name = "idx", int train = 20, int test = 10)
    {
        var root = workspace.Combine(name);
        Directory.CreateDirectory(root);
        foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
        {
            File.WriteAllBytes(Path.Combine(root, $"{prefix}-images-idx3-ubyte"), IdxImages(count, 28, 28));
            File.WriteAllBytes(Path.Combine(root, $"{prefix}-labels-idx1-ubyte"), IdxLabels(count, 10));
        }

        return root;
    }

    /// <summary>An IDX images file of <paramref name="count"/> images of <paramref name="rows"/> x <paramref name="columns"/> (pixels from a fixed seed).</summary>
    public static byte[] IdxImages(int count, int rows, int columns)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        new Random(count).NextBytes(bytes.AsSpan(16));
        return bytes;
    }

    /// <summary>An IDX labels file of <paramref name="count"/> labels cycling through the classes.</summary>
    public static byte[] IdxLabels(int count, int classes)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (var i = 0; i < count; i++)
        {
            bytes[8 + i] = (byte)(i % classes);
        }

        return bytes;
    }

    /// <summary>
    /// An image folder: <c>train/</c> and <c>test/</c>, each with classes <c>a</c> and <c>b</c> of
    /// <paramref name="perClass"/> 20x20 images (PNG, every third one JPEG), noisy around a colour per class.
    /// </summary>
    public static string WriteImageFolder(TestWorkspace workspace, string name = "images", int perClass = 3)
    {
        var root = workspace.Combine(name);
        var random = new Random(3);
        foreach (var split in new[] { "train", "test" })
        {
            foreach (var (label, tint) in new[] { ("a", SKColors.Red), ("b", SKColors.Blue) })
            {
                var folder = Path.Combine(root, split, label);
                Directory.CreateDirectory(folder);
                for (var i = 0; i < perClass; i++)
                {
                    var format = i % 3 == 2 ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png;
                    File.WriteAllBytes(Path.Combine(folder, $"{i}.{(format == SKEncodedImageFormat.Png ? "png" : "jpg")}"), Image(20, 20, tint, random, format));
                }
            }
        }

        return root;
    }

    /// <summary>An encoded <paramref name="width"/> x <paramref name="height"/> image of noise around <paramref name="tint"/>.</summary>
    public static byte[] Image(int width, int height, SKColor tint, Random random, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var noise = (byte)random.Next(0, 96);
                bitmap.SetPixel(x, y, new SKColor((byte)(tint.Red / 2 + noise), (byte)(tint.Green / 2 + noise), (byte)(tint.Blue / 2 + noise), 255));
            }
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// An experiment extending the quickstart with <paramref name="data"/> as its <c>data:</c> section (indented YAML lines
    /// without the key) and <paramref name="eval"/> as its <c>eval:</c> value, shrunk to one step of batch 4 with small
    /// networks. Returns its path.
    /// </summary>
    public static string WriteExperiment(TestWorkspace workspace, string name, string data, string eval = "[{type: knn, k: 2}]")
    {
        var parent = Path.Combine(CliRunner.ExperimentsDirectory, "quickstart.yaml");
        return workspace.Write(name, $$"""
            extends: {{TestWorkspace.Quote(parent)}}
            data:
            {{data}}
            train: {epochs: 1, batch_size: 4, steps_per_epoch: 1, warmup_epochs: 0}
            backbone: {widths: [8, 16]}
            projector: {hidden: 32, out: 16}
            head: {embed: 16, hidden: 32}
            eval: {{eval}}
            """);
    }
}
