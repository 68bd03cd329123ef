namespace SimLap.Host.Tests;

/// <summary>
/// <c>simlap validate</c> checks every data set's files as run needs them (headers only, never every image), and
/// <c>simlap run</c> refuses the same data with the same message, with exit 2 and before a run is started.
/// </summary>
public sealed class DataPreflightTests
{
    [Fact]
    public void AMissingDataRootIsRefusedByValidateAndByRunWithTheSameMessage()
    {
        using var workspace = new TestWorkspace();
        var missing = workspace.Combine("nope");
        var experiment = TinyData.WriteExperiment(workspace, "missing.yaml", $"  type: fashion-mnist\n  root: {TestWorkspace.Quote(missing)}");

        var validate = CliRunner.Run(workspace.Path, "validate", experiment);
        var run = CliRunner.Run(workspace.Path, "run", experiment);

        AssertRefused(validate, "missing.yaml:4:9:", "data.root (fashion-mnist)", $"not in '{missing}'", "train-images-idx3-ubyte.gz");
        AssertRefused(run, "missing.yaml:4:9:", "data.root (fashion-mnist)", $"not in '{missing}'");
        Assert.Equal(validate.StandardError, run.StandardError);
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns.");
    }

    [Fact]
    public void ATruncatedIdxFileIsRefusedNamingIt()
    {
        using var workspace = new TestWorkspace();
        var root = TinyData.WriteIdx(workspace);
        var images = Path.Combine(root, "t10k-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..1000]);
        var experiment = TinyData.WriteExperiment(workspace, "truncated.yaml", $"  type: mnist\n  root: {TestWorkspace.Quote(root)}");

        var result = CliRunner.Run(workspace.Path, "validate", experiment);

        AssertRefused(result, "truncated.yaml:4:9:", "data.root (mnist)", $"'{images}' is truncated", "10 images of 28x28");
    }

    [Fact]
    public void IdxImagesOfTheWrongSizeAreRefusedNamingTheFileAndBothSizes()
    {
        using var workspace = new TestWorkspace();
        var root = TinyData.WriteIdx(workspace);
        var images = Path.Combine(root, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, TinyData.IdxImages(20, 32, 32));
        var experiment = TinyData.WriteExperiment(workspace, "size.yaml", $"  type: kmnist\n  root: {TestWorkspace.Quote(root)}");

        var result = CliRunner.Run(workspace.Path, "validate", experiment);

        AssertRefused(result, "size.yaml:4:9:", $"'{images}' holds images of 32x32 pixels", "28x28");
    }

    [Fact]
    public void ACifarBatchOfTheWrongSizeIsRefusedNamingIt()
    {
        using var workspace = new TestWorkspace();
        var root = workspace.Combine("cifar");
        Directory.CreateDirectory(root);
        foreach (var name in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
        {
            File.WriteAllBytes(Path.Combine(root, name), new byte[3073 * 2]);
        }

        File.WriteAllBytes(Path.Combine(root, "data_batch_3.bin"), new byte[3073 + 100]);
        var experiment = TinyData.WriteExperiment(workspace, "cifar.yaml", $"  type: cifar10\n  root: {TestWorkspace.Quote(root)}");

        var result = CliRunner.Run(workspace.Path, "validate", experiment);

        AssertRefused(result, "cifar.yaml:4:9:", $"'{Path.Combine(root, "data_batch_3.bin")}' is truncated", "records are 3073 bytes");
    }

    [Fact]
    public void AnImageFolderWithoutATrainFolderIsRefused()
    {
        using var workspace = new TestWorkspace();
        var root = workspace.Combine("photos");
        Directory.CreateDirectory(root);
        var experiment = TinyData.WriteExperiment(workspace, "no-train.yaml", $"  type: image-folder\n  image_size: 16\n  root: {TestWorkspace.Quote(root)}");

        var result = CliRunner.Run(workspace.Path, "validate", experiment);

        AssertRefused(result, "no-train.yaml:5:9:", "data.root (image-folder)", $"training split '{Path.Combine(root, "train")}' does not exist");
    }

    [Fact]
    public void AnEmptyClassFolderIsRefusedNamingIt()
    {
        using var workspace = new TestWorkspace();
        var root = TinyData.WriteImageFolder(workspace);
        var empty = Path.Combine(root, "test", "b");
        foreach (var file in Directory.GetFiles(empty))
        {
            File.Delete(file);
        }

        var experiment = TinyData.WriteExperiment(workspace, "empty.yaml", $"  type: image-folder\n  image_size: 16\n  root: {TestWorkspace.Quote(root)}");

        var validate = CliRunner.Run(workspace.Path, "validate", experiment);
        var run = CliRunner.Run(workspace.Path, "run", experiment);

        AssertRefused(validate, "empty.yaml:5:9:", $"The class folder '{empty}' holds no images");
        Assert.Equal(validate.StandardError, run.StandardError);
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns.");
    }

    [Fact]
    public void AnEvaluatorsOwnDataIsCheckedAtItsKey()
    {
        using var workspace = new TestWorkspace();
        var missing = workspace.Combine("elsewhere");
        var experiment = TinyData.WriteExperiment(
            workspace, "transfer.yaml", "  type: synthetic\n  image_size: 16\n  train_per_class: 4\n  test_per_class: 2",
            $"\n  - type: knn\n    k: 2\n    data:\n      type: fashion-mnist\n      root: {TestWorkspace.Quote(missing)}");

        var result = CliRunner.Run(workspace.Path, "validate", experiment);

        AssertRefused(result, "transfer.yaml:16:13:", "eval.0.data.root (fashion-mnist)", $"not in '{missing}'");
    }

    [Fact]
    public void ValidTinyIdxAndImageFolderDataValidate()
    {
        using var workspace = new TestWorkspace();
        var idx = TinyData.WriteExperiment(workspace, "idx.yaml", $"  type: fashion-mnist\n  root: {TestWorkspace.Quote(TinyData.WriteIdx(workspace))}");
        var images = TinyData.WriteExperiment(workspace, "images.yaml", $"  type: image-folder\n  image_size: 16\n  root: {TestWorkspace.Quote(TinyData.WriteImageFolder(workspace))}");

        foreach (var experiment in new[] { idx, images })
        {
            var result = CliRunner.Run(workspace.Path, "validate", experiment);

            CliAssert.ExitCode(result, 0);
            CliAssert.NoError(result);
            CliAssert.StdoutContains(result, "valid:");
        }
    }

    [Fact]
    public void ADataSetMissingFromTheDefaultFolderIsAWarningInValidateAndAnErrorInRun()
    {
        using var workspace = new TestWorkspace();
        var experiment = TinyData.WriteExperiment(workspace, "default.yaml", "  type: cifar10");
        var environment = new Dictionary<string, string?> { ["SIMLAP_DATA"] = workspace.Combine("cache") };

        var validate = CliRunner.Run(workspace.Path, ["validate", experiment], environment);
        var run = CliRunner.Run(workspace.Path, ["run", experiment], environment);

        CliAssert.ExitCode(validate, 0);
        CliAssert.NoError(validate);
        CliAssert.StderrContains(validate, "default.yaml:3:3:", "data (cifar10)", "validate warns, run refuses");
        AssertRefused(run, "default.yaml:3:3:", "data (cifar10)", $"not in '{workspace.Combine("cache", "cifar10")}'");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns.");
    }

    [Fact]
    public void ATrainingSubsetSmallerThanABatchIsRefusedByValidateAndByRunWithItsExactSize()
    {
        using var workspace = new TestWorkspace();
        var root = TinyData.WriteIdx(workspace, train: 40);
        // 4 images of each of 10 classes; half of each class is held out, and per_class 3 keeps the 2 left: 20 images.
        var experiment = TinyData.WriteExperiment(workspace, "subset.yaml", $"  type: mnist\n  root: {TestWorkspace.Quote(root)}\n  validation_fraction: 0.5\n  per_class: 3");

        var fits = CliRunner.Run(workspace.Path, "validate", experiment, "--set", "train.batch_size=20");
        var validate = CliRunner.Run(workspace.Path, "validate", experiment, "--set", "train.batch_size=21");
        var run = CliRunner.Run(workspace.Path, "run", experiment, "--set", "train.batch_size=21");

        CliAssert.ExitCode(fits, 0);
        AssertRefused(validate, "train.batch_size = 21 is larger than the training set (20 images); lower the batch size.");
        AssertRefused(run, "train.batch_size = 21 is larger than the training set (20 images); lower the batch size.");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns.");
    }

    [Fact]
    public void StepsPerEpochBeyondTheTrainingSetAreRefusedByValidateAtTheLineThatWroteThem()
    {
        using var workspace = new TestWorkspace();
        var tiny = workspace.WriteTinyExperiment();
        var experiment = workspace.Write("steps.yaml", $"extends: {TestWorkspace.Quote(tiny)}\ntrain:\n  steps_per_epoch: 9\n");

        var result = CliRunner.Run(workspace.Path, "validate", experiment);

        AssertRefused(result, "steps.yaml:3:20: train.steps_per_epoch = 9, but 64 training images give only 4 batches of 16; use at most 4, or 0 for the whole set.");
    }

    [Fact]
    public void ALabelFreeSetWithAPairSamplerThatNeedsLabelsIsRefusedByValidate()
    {
        using var workspace = new TestWorkspace();
        var root = TinyData.WriteIdx(workspace);
        var experiment = TinyData.WriteExperiment(workspace, "label-free.yaml", $"  type: mnist\n  root: {TestWorkspace.Quote(root)}\n  label_free: true");

        var result = CliRunner.Run(workspace.Path, "validate", experiment, "--set", "eval=[]");

        AssertRefused(result, "simlap.yaml:3:9:", "the pair sampler needs class labels, but the training data is label-free; use pairs: { type: instance }.");
    }

    private static void AssertRefused(CliResult result, params string[] needles)
    {
        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, needles);
    }
}
