using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Evaluators.Corruptions;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class CorruptionEvaluatorTests
{

    [Theory]
    [InlineData(ProbeClassifier.Ridge)]
    [InlineData(ProbeClassifier.Knn)]
    public void CleanColourClassesAreRecognisedAndEveryCorruptionIsReported(ProbeClassifier classifier)
    {
        var context = ColourClasses();
        var evaluator = new CorruptionEvaluator(new CorruptionOptions { Classifier = classifier, K = 10 }, LossTestContext.Create());
        Assert.Equal("corruption", evaluator.Protocol);
        var result = evaluator.Evaluate(context);
        var m = result.Metrics;

        Assert.Equal(100, m["clean_top1"]);
        foreach (var corruption in Enum.GetValues<Corruption>())
        {
            var name = CorruptionParameters.Name(corruption);
            for (var s = 1; s <= 5; s++)
            {
                Assert.InRange(m[$"{name}/s{s}"], 0, 100);
            }

            Assert.Equal(Enumerable.Range(1, 5).Average(s => m[$"{name}/s{s}"]), m[$"{name}/mean"], 9);
        }

        Assert.Equal(16 * 6 + 5, m.Count);
        Assert.Equal(100 - m["mean_corruption_top1"], m["mean_corruption_error"], 9);
        Assert.Equal(m["clean_top1"] - m["mean_corruption_top1"], m["corruption_error_gap"], 9);

        // Relative CE by hand: mean over corruptions of sum_s (E_s - E_clean) / sum_s (E_chance - E_clean), chance 75% error.
        var expected = Enum.GetValues<Corruption>().Average(c => 100 * Enumerable.Range(1, 5).Sum(s => 100 - m[$"{CorruptionParameters.Name(c)}/s{s}"]) / (5 * 75.0));
        Assert.Equal(expected, m["relative_corruption_error"], 9);

        // Strong noise hurts colour classes less than nothing at all: the corrupted accuracy is below clean somewhere.
        Assert.True(m["mean_corruption_top1"] <= 100);
        using var bitmap = EvaluatorTestData.DecodePng(Assert.Single(result.Artifacts), 1100, 620);
    }

    [Fact]
    public void ChosenCorruptionsAndSeveritiesOnly()
    {
        var context = ColourClasses();
        var options = new CorruptionOptions { Corruptions = [Corruption.Contrast, Corruption.GaussianNoise], Severities = [5, 1] };
        var first = new CorruptionEvaluator(options, LossTestContext.Create()).Evaluate(context).Metrics;
        Assert.Equal(
            new[] { "clean_top1", "contrast/mean", "contrast/s1", "contrast/s5", "corruption_error_gap", "gaussian_noise/mean", "gaussian_noise/s1", "gaussian_noise/s5", "mean_corruption_error", "mean_corruption_top1", "relative_corruption_error" },
            first.Keys.Order(StringComparer.Ordinal).ToArray());

        // Seeded from the component's generator: the same numbers for the same seed.
        var second = new CorruptionEvaluator(options, LossTestContext.Create()).Evaluate(context).Metrics;
        Assert.Equal(first, second);
    }

    [Fact]
    public void NpyModeReadsAMinusCDataSetWithTheSameMetricKeys()
    {
        var context = ColourClasses();
        var n = context.Test.Count;
        var clean = context.Test.Images.permute(0, 2, 3, 1).contiguous();
        var labels = context.Test.Labels!.data<long>().ToArray();
        var directory = EvaluatorTestData.TempDirectory();

        // gaussian_noise.npy: the clean images at every severity; contrast.npy: blended towards grey, all grey at 5.
        WriteImages(Path.Combine(directory, "gaussian_noise.npy"), cat(Enumerable.Repeat(clean, 5).ToList()));
        WriteImages(Path.Combine(directory, "contrast.npy"), cat(Enumerable.Range(1, 5).Select(s => clean.to(ScalarType.Float32).mul(1 - (s / 5.0)).add(128 * s / 5.0).round().to(ScalarType.Byte)).ToList()));
        NpyTestFiles.Labels(Path.Combine(directory, "labels.npy"), [.. Enumerable.Repeat(labels, 5).SelectMany(l => l)]);

        // The same keys as computing the two corruptions; the clean copies score the clean accuracy exactly, which checks
        // that images and labels of each severity block line up (on a seeded subset of the test split).
        foreach (var maxSamples in new[] { 2000, 25 })
        {
            var computed = new CorruptionEvaluator(new CorruptionOptions { Corruptions = [Corruption.Contrast, Corruption.GaussianNoise], Severities = [1, 5], MaxSamples = maxSamples }, LossTestContext.Create()).Evaluate(context).Metrics;
            var options = new CorruptionOptions { NpyDir = directory, Severities = [1, 5], MaxSamples = maxSamples };
            var result = new CorruptionEvaluator(options, LossTestContext.Create()).Evaluate(context);
            var read = result.Metrics;
            Assert.Equal(computed.Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(computed["clean_top1"], read["clean_top1"]);
            Assert.Equal(read["clean_top1"], read["gaussian_noise/s1"]);
            Assert.Equal(read["clean_top1"], read["gaussian_noise/s5"]);
            Assert.True(read["contrast/s5"] < read["contrast/s1"], "all-grey images should be harder than slightly faded ones");
            Assert.Equal((read["contrast/s1"] + read["contrast/s5"]) / 2, read["contrast/mean"], 9);
            using var bitmap = EvaluatorTestData.DecodePng(Assert.Single(result.Artifacts), 1100, 620);
        }

        // npy_corruptions picks files; all severities by default.
        var chosen = new CorruptionEvaluator(new CorruptionOptions { NpyDir = directory, NpyCorruptions = ["gaussian_noise"] }, LossTestContext.Create()).Evaluate(context).Metrics;
        Assert.Equal(1 + 6 + 4, chosen.Count);
        Assert.All(Enumerable.Range(1, 5), s => Assert.Equal(chosen["clean_top1"], chosen[$"gaussian_noise/s{s}"]));
        Assert.Equal(0, chosen["relative_corruption_error"], 9);
    }

    [Fact]
    public void NpyModeWithADifferentNumberOfImagesDrawsItsOwnSubset()
    {
        var context = ColourClasses();
        var directory = EvaluatorTestData.TempDirectory();
        var clean = context.Test.Images.narrow(0, 0, 12).permute(0, 2, 3, 1).contiguous();
        var labels = context.Test.Labels!.narrow(0, 0, 12).data<long>().ToArray();
        WriteImages(Path.Combine(directory, "fog.npy"), cat(Enumerable.Repeat(clean, 5).ToList()));
        NpyTestFiles.Labels(Path.Combine(directory, "labels.npy"), [.. Enumerable.Repeat(labels, 5).SelectMany(l => l)]);
        var metrics = new CorruptionEvaluator(new CorruptionOptions { NpyDir = directory, MaxSamples = 7 }, LossTestContext.Create()).Evaluate(context).Metrics;
        Assert.All(Enumerable.Range(1, 5), s => Assert.Equal(100, metrics[$"fog/s{s}"]));
    }

    [Fact]
    public void NpyModeErrorsNameTheProblem()
    {
        var context = ColourClasses();
        var directory = EvaluatorTestData.TempDirectory();
        CorruptionEvaluator Create(params string[] names) => new(new CorruptionOptions { NpyDir = directory, NpyCorruptions = names }, LossTestContext.Create());

        Assert.Contains("does not exist", Assert.Throws<DirectoryNotFoundException>(() => new CorruptionEvaluator(new CorruptionOptions { NpyDir = Path.Combine(directory, "missing") }, LossTestContext.Create())).Message);
        Assert.Contains("labels.npy", Assert.Throws<FileNotFoundException>(() => Create()).Message);
        NpyTestFiles.Labels(Path.Combine(directory, "labels.npy"), [.. Enumerable.Repeat(context.Test.Labels!.data<long>().ToArray(), 5).SelectMany(l => l)]);
        Assert.Contains("no <corruption>.npy", Assert.Throws<FileNotFoundException>(() => Create()).Message);
        Assert.Contains("'snow'", Assert.Throws<FileNotFoundException>(() => Create("snow")).Message);

        // Images of the wrong size: the error names the file, what was found and what was expected.
        var small = zeros(new long[] { 5 * context.Test.Count, 4, 4, 3 }, dtype: ScalarType.Byte);
        var path = WriteImages(Path.Combine(directory, "snow.npy"), small);
        var error = Assert.Throws<InvalidDataException>(() => Create("snow").Evaluate(context));
        Assert.Contains(path, error.Message);
        Assert.Contains("[200, 8, 8, 3]", error.Message);
        Assert.Contains("[200, 4, 4, 3]", error.Message);

        // Labels beyond the classifier's classes.
        NpyTestFiles.Labels(Path.Combine(directory, "labels.npy"), [.. Enumerable.Repeat(7L, (int)(5 * context.Test.Count))]);
        WriteImages(Path.Combine(directory, "snow.npy"), zeros(new long[] { 5 * context.Test.Count, 8, 8, 3 }, dtype: ScalarType.Byte));
        Assert.Contains("0..3", Assert.Throws<InvalidDataException>(() => Create("snow").Evaluate(context)).Message);

        // Options: npy_corruptions needs npy_dir and file-name-like names; npy_dir is a [FilePath] option.
        var invalid = new CorruptionOptions { NpyCorruptions = ["../x"] };
        var results = invalid.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(invalid)).Select(r => r.ErrorMessage).ToList();
        Assert.Contains(results, m => m!.Contains("needs npy_dir"));
        Assert.Contains(results, m => m!.Contains("'../x'"));
        Assert.NotNull(typeof(CorruptionOptions).GetProperty(nameof(CorruptionOptions.NpyDir))!.GetCustomAttributes(typeof(SimLap.Contracts.Components.FilePathAttribute), true).SingleOrDefault());
    }

    private static string WriteImages(string path, Tensor images) =>
        NpyTestFiles.Write(path, NpyTestFiles.Header("|u1", images.shape), images.contiguous().data<byte>().ToArray());

    /// <summary>4 classes of 3x8x8 images of one colour each plus noise; the features are the pixels.</summary>
    private static EvaluationContext ColourClasses()
    {
        var generator = new Generator(17, CPU);
        var colours = tensor(new float[,] { { 200, 60, 60 }, { 60, 200, 60 }, { 60, 60, 200 }, { 180, 180, 60 } });
        ImageSet Make(int perClass)
        {
            var labels = arange(4, dtype: ScalarType.Int64).repeat_interleave(perClass);
            var images = colours.index_select(0, labels).view(-1, 3, 1, 1).expand(-1, 3, 8, 8)
                .add(randn(new long[] { labels.shape[0], 3, 8, 8 }, generator: generator).mul(20)).clamp(0, 255).to(ScalarType.Byte);
            return new ImageSet(images, labels);
        }

        var data = LossTestContext.Create(numClasses: 4).RequireData();
        return new EvaluationContext(new KnnTestFeatures(192), Make(20), Make(10), data, 3) { WorkDirectory = EvaluatorTestData.TempDirectory() };
    }
}
