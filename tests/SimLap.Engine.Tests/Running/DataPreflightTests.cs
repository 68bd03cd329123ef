using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Running;

/// <summary><see cref="DataPreflight"/> asks each data set its questions on one instance, created once.</summary>
public sealed class DataPreflightTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheTrainingSetIsCreatedOnceToCheckItsFilesAndItsSize()
    {
        var root = WriteMnist(images: 10);
        var loaded = Load($"data: {{type: mnist, root: '{root}'}}", "train: {epochs: 1, batch_size: 16}");
        var loggers = new CountingLoggerFactory();

        var problems = DataPreflight.Find(loaded, loaded.Trials.FirstOrDefault(), loaded.BindAll()[0], loggers);

        // The size problem is the training set's answer to the second question, from the instance that checked its files.
        var problem = Assert.Single(problems);
        Assert.EndsWith($"/{TinyExperiment.FileName}:2:32: train.batch_size = 16 is larger than the training set (10 images); lower the batch size.", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, loggers.Created("SimLap.data.mnist"));
    }

    [Fact]
    public void AFileProblemIsReportedOnceAndTheSizeIsNotAskedForAfterIt()
    {
        var root = WriteMnist(images: 10);
        File.Delete(Path.Combine(root, "t10k-labels-idx1-ubyte"));
        var loaded = Load($"data: {{type: mnist, root: '{root}'}}", "train: {epochs: 1, batch_size: 16}");
        var loggers = new CountingLoggerFactory();

        var problems = DataPreflight.Find(loaded, loaded.Trials.FirstOrDefault(), loaded.BindAll()[0], loggers);

        var problem = Assert.Single(problems);
        Assert.Contains($"/{TinyExperiment.FileName}:1:27: data.root (mnist): ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("t10k-labels-idx1-ubyte", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, loggers.Created("SimLap.data.mnist"));
    }

    private LoadedExperiment Load(params string[] firstLines)
    {
        var path = folder.Write(TinyExperiment.FileName, TinyExperiment.YamlStartingWith(firstLines));
        return ExperimentResolver.Load(path, [], NullLogger.Instance, _ => RealPlugins.Catalog);
    }

    /// <summary>MNIST's four IDX files, raw: <paramref name="images"/> training images (labels 0..9 in turn) and 4 test images.</summary>
    private string WriteMnist(int images)
    {
        var root = folder.Combine("mnist");
        Directory.CreateDirectory(root);
        foreach (var (prefix, count) in new[] { ("train", images), ("t10k", 4) })
        {
            File.WriteAllBytes(Path.Combine(root, $"{prefix}-images-idx3-ubyte"), [.. Header(2051, count, 28, 28), .. new byte[count * 28 * 28]]);
            File.WriteAllBytes(Path.Combine(root, $"{prefix}-labels-idx1-ubyte"), [.. Header(2049, count), .. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);
        }

        return root;
    }

    private static byte[] Header(params int[] values)
    {
        var header = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * i), values[i]);
        }

        return header;
    }

    /// <summary>Counts the loggers created per category: a component created for a check gets one.</summary>
    private sealed class CountingLoggerFactory : ILoggerFactory
    {
        private readonly Dictionary<string, int> created = new(StringComparer.Ordinal);

        public int Created(string category) => created.GetValueOrDefault(category);

        public ILogger CreateLogger(string categoryName)
        {
            created[categoryName] = Created(categoryName) + 1;
            return NullLogger.Instance;
        }

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
