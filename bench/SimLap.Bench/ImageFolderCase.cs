using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Engine.Plugins;
using SimLap.Engine.Training;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>
/// (6) The <c>image-folder</c> data set's storage: a folder of real PNG files (10 classes, written first and not timed
/// with the rest) loaded through the plugin with <c>storage: memory</c> (decoded once) or <c>storage: stream</c>
/// (decoded per batch, the first <c>cache_mb</c> of decoded images kept), then gathered in shuffled batches as the prefetcher does.
/// </summary>
internal static class ImageFolderCase
{
    public static CaseResult Run(CaseSettings settings)
    {
        var storage = settings.Text("storage", "memory");
        var perClass = settings.Int("per_class", 2000);
        var size = settings.Int("size", 64);
        var cacheMb = settings.Int("cache_mb", 32);
        var batch = settings.Int("batch", 256);
        var epochs = settings.Int("epochs", 2);
        var threads = DeviceSelection.ConfigureCpuRuntime(settings.Int("threads", 0));
        var folder = BenchSetup.TempFolder("image-folder");
        try
        {
            var root = Path.Combine(folder, "images");
            var writing = Stopwatch.StartNew();
            var pngBytes = WritePngs(Path.Combine(root, "train"), perClass, size);
            var writeSeconds = writing.Elapsed.TotalSeconds;
            GC.Collect();

            var data = string.Create(CultureInfo.InvariantCulture, $"{{ type: image-folder, root: \"{root}\", image_size: {size}, storage: {storage}, cache_mb: {cacheMb} }}");
            var experiment = BenchSetup.Experiment(folder, ModelSpec.For("small-cnn", 64), BenchSetup.AugmentYaml("none"), 1, 1, 10, 0, onlineProbe: false, data: data);
            var (dataset, generator) = BenchSetup.Create<IDataset>(experiment, ComponentKind.Dataset);
            using var datasetGenerator = generator;

            var rssBefore = ProcessMemory.CurrentMiB();
            var peakBefore = ProcessMemory.PeakMiB();
            var loading = Stopwatch.StartNew();
            using var set = dataset.Load(DatasetSplit.Train);
            var loadSeconds = loading.Elapsed.TotalSeconds;
            var rssLoaded = ProcessMemory.CurrentMiB();

            var extra = new Dictionary<string, double>
            {
                ["images"] = set.Count,
                ["decoded_mib"] = set.Count * (double)ModelSpec.Channels * size * size / (1024 * 1024),
                ["png_mib"] = pngBytes / (1024.0 * 1024.0),
                ["write_s"] = writeSeconds,
                ["load_s"] = loadSeconds,
                ["cache_mb"] = storage == "stream" ? cacheMb : 0,
                ["rss_before_load_mib"] = rssBefore,
                ["peak_before_load_mib"] = peakBefore,
                ["rss_after_load_mib"] = rssLoaded,
                ["batch"] = batch,
            };

            var (batches, seconds) = GatherEpochs(set, batch, epochs, extra);
            return new CaseResult
            {
                Case = TrainingCases.Id("image-folder", settings),
                Value = epochs * batches * (double)batch / seconds,
                Unit = "images/s",
                Threads = threads,
                Extra = extra,
            };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>
    /// Shuffled batches of one epoch after another, the prefetcher's gather alone (to float and the views are the same
    /// for both storages), each epoch's figures added to <paramref name="extra"/>; returns the batches per epoch and the seconds in all.
    /// </summary>
    private static (int Batches, double Seconds) GatherEpochs(ImageSet set, int batch, int epochs, Dictionary<string, double> extra)
    {
        using var shuffle = new Generator(5, CPU);
        var batches = (int)(set.Count / batch);
        var seconds = 0.0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            using var order = torch.randperm(set.Count, generator: shuffle);
            var clock = Stopwatch.StartNew();
            for (var b = 0; b < batches; b++)
            {
                using var scope = torch.NewDisposeScope();
                var images = set.Gather(order.narrow(0, b * (long)batch, batch));
                _ = images.shape;
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            seconds += elapsed;
            extra[$"epoch{epoch}_images_per_s"] = batches * (double)batch / elapsed;
            extra[$"epoch{epoch}_ms_per_batch"] = 1000 * elapsed / batches;
            extra[$"rss_after_epoch{epoch}_mib"] = ProcessMemory.CurrentMiB();
            extra[$"gc_committed_after_epoch{epoch}_mib"] = GC.GetGCMemoryInfo().TotalCommittedBytes / (1024.0 * 1024.0);
            if (DecodedImages(set) is { } decoded)
            {
                extra[$"decoded_images_after_epoch{epoch}"] = decoded;
            }
        }

        return (batches, seconds);
    }

    /// <summary>
    /// Writes <paramref name="perClass"/> PNGs of <paramref name="size"/> px into each of 10 class folders: a class-coloured
    /// gradient, a random disc and mild noise (so the files compress like pictures, not like flat colour). Returns the bytes written.
    /// </summary>
    private static long WritePngs(string folder, int perClass, int size)
    {
        long total = 0;
        for (var c = 0; c < ModelSpec.Classes; c++)
        {
            Directory.CreateDirectory(Path.Combine(folder, $"class{c}"));
        }

        Parallel.For(0, ModelSpec.Classes * perClass, () => 0L, (i, _, written) =>
        {
            var c = i % ModelSpec.Classes;
            var random = new Random(i);
            using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var pixels = new byte[bitmap.RowBytes * size];
            var (r0, g0, b0) = (40 + (25 * c), 200 - (15 * c), 60 + (random.Next(120)));
            var (cx, cy, radius) = (random.Next(size), random.Next(size), (size / 8) + random.Next(size / 4));
            var disc = (R: random.Next(256), G: random.Next(256), B: random.Next(256));
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < radius * radius;
                    var noise = random.Next(-12, 13);
                    var o = (y * bitmap.RowBytes) + (x * 4);
                    pixels[o] = Clamp((inside ? disc.R : r0 + x) + noise);
                    pixels[o + 1] = Clamp((inside ? disc.G : g0 + y) + noise);
                    pixels[o + 2] = Clamp((inside ? disc.B : b0) + noise);
                    pixels[o + 3] = 255;
                }
            }

            Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            var path = Path.Combine(folder, $"class{c}", string.Create(CultureInfo.InvariantCulture, $"{i / ModelSpec.Classes:D5}.png"));
            using (var file = File.Create(path))
            {
                png.SaveTo(file);
            }

            return written + png.Size;
        }, written => Interlocked.Add(ref total, written));
        return total;

        static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
    }

    /// <summary>Images decoded from their files so far (cache misses), read from the plugin's streamed source; null when held in memory.</summary>
    private static long? DecodedImages(ImageSet set) =>
        typeof(ImageSet).GetField("_source", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(set) is { } source
            ? source.GetType().GetProperty("DecodedImages")?.GetValue(source) as long?
            : null;
}
