using System.Text.RegularExpressions;
using SkiaSharp;

namespace SimLap.Host.Tests;

/// <summary>
/// The large-scale recipes (ImageNet ResNet-50 with LARS, CIFAR-10 ViT-Tiny with AdamW) run one tiny step on a
/// generated image folder, and the bundled backbones describe themselves.
/// </summary>
public sealed class ScaleRecipeTests
{
    [Fact]
    public void TheImagenetResnet50RecipeRunsOneStepOnATinyImageFolder()
    {
        using var workspace = new TestWorkspace();
        var root = WriteImageFolder(workspace, "val");

        var result = Run(workspace, "simlap/imagenet-resnet50.yaml", "data.root=" + root, "data.storage=memory", "backbone.cifar_stem=false");

        AssertTrainedOneStep(result);
    }

    [Fact]
    public void TheCifar10VitTinyRecipeRunsOneStepOnATinyImageFolder()
    {
        using var workspace = new TestWorkspace();
        var root = WriteImageFolder(workspace, "test");

        var result = Run(workspace, "simlap/cifar10-vit-tiny.yaml", "data.type=image-folder", "data.root=" + root, "backbone.depth=2", "backbone.patch_size=0");

        AssertTrainedOneStep(result);
    }

    [Theory]
    [InlineData("vit-tiny", "patch_size", "drop_path", "class_token", "mlp_ratio")]
    [InlineData("vit-small", "patch_size", "depth", "heads", "width")]
    [InlineData("resnet50", "cifar_stem", "zero_init_residual")]
    [InlineData("resnet18", "cifar_stem", "zero_init_residual")]
    public void TheBundledBackbonesDescribeTheirOptions(string type, params string[] options)
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "describe", type);

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, options);
    }

    [Fact]
    public void AMisspeltExcludeFromDecayEntryStopsTheRunNamingIt()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "run", experiment, "--set", "train.optimizer.type=adamw", "--set", "train.optimizer.exclude_from_decay=[bias,cls_tokn]");

        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.StderrContains(result, "exclude_from_decay", "cls_tokn");
    }

    private static CliResult Run(TestWorkspace workspace, string recipe, params string[] settings)
    {
        // Shrinks the recipe to seconds: 16 px, batch 4, one step of one epoch, small projector and gate, kNN k = 2.
        string[] tiny =
        [
            "data.image_size=16", "train.epochs=1", "train.batch_size=4", "train.steps_per_epoch=1", "train.warmup_epochs=0",
            "projector.hidden=32", "projector.out=16", "head.embed=16", "head.hidden=32", "eval.0.k=2",
        ];
        var arguments = new List<string> { "run", Path.Combine(CliRunner.ExperimentsDirectory, recipe) };
        foreach (var setting in settings.Concat(tiny))
        {
            arguments.AddRange(["--set", setting]);
        }

        return CliRunner.Run(workspace.Path, arguments);
    }

    private static void AssertTrainedOneStep(CliResult result)
    {
        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        Assert.Matches(new Regex(@"(?m)^steps +1$"), result.StandardOutput);
        Assert.Matches(new Regex(@"final loss \(mean of the last epoch\)\s+[0-9]+\.[0-9]{4}\b"), result.StandardOutput);
    }

    /// <summary>train/ with two classes of four 20x20 PNGs, and the evaluation split with two of each.</summary>
    private static string WriteImageFolder(TestWorkspace workspace, string evaluationSplit)
    {
        var root = workspace.Combine("images");
        var random = new Random(3);
        foreach (var (split, count) in new[] { ("train", 4), (evaluationSplit, 2) })
        {
            foreach (var (name, tint) in new[] { ("n01440764", SKColors.Red), ("n01443537", SKColors.Blue) })
            {
                var folder = Path.Combine(root, split, name);
                Directory.CreateDirectory(folder);
                for (var i = 0; i < count; i++)
                {
                    using var bitmap = new SKBitmap(new SKImageInfo(20, 20, SKColorType.Rgba8888, SKAlphaType.Unpremul));
                    for (var y = 0; y < 20; y++)
                    {
                        for (var x = 0; x < 20; x++)
                        {
                            var noise = (byte)random.Next(0, 96);
                            bitmap.SetPixel(x, y, new SKColor((byte)(tint.Red / 2 + noise), (byte)(tint.Green / 2 + noise), (byte)(tint.Blue / 2 + noise), 255));
                        }
                    }

                    using var data = bitmap.Encode(SKEncodedImageFormat.Png, 95);
                    File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), data.ToArray());
                }
            }
        }

        return root;
    }
}
