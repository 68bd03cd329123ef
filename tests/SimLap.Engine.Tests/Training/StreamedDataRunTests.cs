using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;
using SkiaSharp;

namespace SimLap.Engine.Tests.Training;

/// <summary>An image folder streamed from disk trains and evaluates exactly as the same folder held in memory.</summary>
public sealed class StreamedDataRunTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ARunOnAStreamedImageFolderGivesTheSameLossesAndAccuracyAsInMemory()
    {
        var root = folder.Combine("images");
        WriteClassImages(root);

        var inMemory = Run(root, "memory", cacheMb: 0);
        var streamed = Run(root, "stream", cacheMb: 0);

        Assert.Equal(8, streamed.Steps);
        Assert.Equal(inMemory.FinalLoss, streamed.FinalLoss);
        Assert.Equal(inMemory.Evaluation["eval/knn/top1"], streamed.Evaluation["eval/knn/top1"]);
        Assert.Equal(inMemory.Evaluation["eval/online-probe/top1"], streamed.Evaluation["eval/online-probe/top1"]);
    }

    private RunSummary Run(string root, string storage, int cacheMb)
    {
        var yaml = TinyExperiment.YamlStartingWith(
            $"data: {{type: image-folder, root: '{root}', image_size: 16, storage: {storage}, cache_mb: {cacheMb}}}",
            "train: {epochs: 2, batch_size: 16, online_probe: true}");
        var store = new LocalFileStore(folder.Combine("mlruns-" + storage));
        return new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()).Run(TinyExperiment.Bind(yaml), CancellationToken.None);
    }

    /// <summary>4 classes (a colour each, with seeded noise) of 16 training and 8 test PNGs of 16 px.</summary>
    private static void WriteClassImages(string root)
    {
        var colours = new[] { new SKColor(200, 40, 40), new SKColor(40, 200, 40), new SKColor(40, 40, 200), new SKColor(200, 200, 40) };
        var random = new Random(5);
        foreach (var (split, count) in new[] { ("train", 16), ("test", 8) })
        {
            for (var c = 0; c < colours.Length; c++)
            {
                var classFolder = Path.Combine(root, split, $"class{c}");
                Directory.CreateDirectory(classFolder);
                for (var i = 0; i < count; i++)
                {
                    using var bitmap = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Rgba8888, SKAlphaType.Unpremul));
                    for (var y = 0; y < 16; y++)
                    {
                        for (var x = 0; x < 16; x++)
                        {
                            var noise = random.Next(-40, 41);
                            var colour = colours[c];
                            bitmap.SetPixel(x, y, new SKColor(Clamp(colour.Red + noise), Clamp(colour.Green + noise), Clamp(colour.Blue + noise)));
                        }
                    }

                    using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                    File.WriteAllBytes(Path.Combine(classFolder, $"{i:D2}.png"), data.ToArray());
                }
            }
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
