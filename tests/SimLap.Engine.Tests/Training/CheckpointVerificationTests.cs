using System.IO.Compression;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training;

/// <summary>
/// Every load of a checkpoint verifies it against its manifest: a flipped byte in any entry, a damaged central
/// directory, a truncated file, a missing or an extra entry, an old-format file, or weights that do not fit are each
/// refused with a <see cref="CheckpointException"/> naming the file and the entry, never loaded silently.
/// </summary>
public sealed class CheckpointVerificationTests : IDisposable
{
    private readonly TempFolder work = new();
    private readonly SimLap.Engine.Experiments.ResolvedExperiment experiment = TinyExperiment.Resolve("train.epochs=1");

    public void Dispose() => work.Dispose();

    [Fact]
    public void AWrittenCheckpointListsEveryEntryWithItsSizeAndHashAndVerifies()
    {
        var path = WriteCheckpoint();

        var header = CheckpointFile.ReadHeader(path);

        Assert.Equal("run", header.RunId);
        Assert.Equal(3, header.Progress.Step);
        using var zip = ZipFile.OpenRead(path);
        var manifest = CheckpointManifest.Parse(path, Bytes(zip.GetEntry(CheckpointManifest.EntryName)!), CheckpointFile.FormatVersion);
        Assert.Equal(CheckpointFile.FormatVersion, manifest.Format);
        Assert.Equal(zip.Entries.Select(e => e.FullName).Where(n => n != CheckpointManifest.EntryName), manifest.Entries.Select(e => e.Name));
        Assert.Contains("permutation.bin", manifest.Entries.Select(e => e.Name));
        foreach (var item in manifest.Entries)
        {
            var data = Bytes(zip.GetEntry(item.Name)!);
            Assert.Equal(data.LongLength, item.Size);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)), item.Sha256);
        }
    }

    [Fact]
    public void OneFlippedByteInAnyEntryIsALoadErrorNamingThatEntry()
    {
        var path = WriteCheckpoint();
        var original = File.ReadAllBytes(path);
        var names = ZipLayout.Of(original).Records.Select(r => r.Name).ToList();
        Assert.True(names.Count >= 10, $"only {names.Count} entries");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        foreach (var name in names)
        {
            var damaged = work.Combine("flipped", $"{name.Replace('/', '-')}.ckpt");
            Directory.CreateDirectory(Path.GetDirectoryName(damaged)!);
            File.WriteAllBytes(damaged, ZipLayout.FlipByteOf(original, name));

            var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(damaged, pipeline, optimizer));

            Assert.Equal(name, error.Entry);
            Assert.Equal(damaged, error.Path);
            Assert.Contains($"checkpoint '{damaged}'", error.Message, StringComparison.Ordinal);
            Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
            OneParagraph(error);
        }
    }

    [Fact]
    public void ACentralDirectoryThatLostTheDataOrderIsRefusedNamingIt()
    {
        var path = WriteCheckpoint();
        File.WriteAllBytes(path, ZipLayout.RenameInDirectory(File.ReadAllBytes(path), "permutation.bin"));

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(path));

        Assert.Equal("permutation.bin", error.Entry);
        Assert.Contains("entry 'permutation.bin', which the manifest lists, is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("entry 'xermutation.bin' is not in the manifest", error.Message, StringComparison.Ordinal);
        OneParagraph(error);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.001)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public void ATruncatedCheckpointIsRefusedNamingTheFile(double kept)
    {
        var path = WriteCheckpoint();
        var bytes = File.ReadAllBytes(path);
        var length = Math.Min(bytes.Length - 1, (int)(bytes.Length * kept));
        File.WriteAllBytes(path, bytes[..length]);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(path));

        Assert.Equal(path, error.Path);
        Assert.Contains($"checkpoint '{path}' ({length} bytes) is not a readable zip archive", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        OneParagraph(error);
    }

    [Theory]
    [InlineData("permutation.bin")]
    [InlineData("optimizers/main.bin")]
    [InlineData("modules/head.bin")]
    public void AMissingEntryIsRefusedNamingIt(string entry)
    {
        var path = WriteCheckpoint();
        Edit(path, zip => zip.GetEntry(entry)!.Delete());

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(path));

        Assert.Equal(entry, error.Entry);
        Assert.Contains($"entry '{entry}', which the manifest lists, is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExtraEntryIsRefusedNamingIt()
    {
        var path = WriteCheckpoint();
        Edit(path, zip =>
        {
            using var stream = zip.CreateEntry("modules/extra.bin").Open();
            stream.Write([1, 2, 3]);
        });

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(path));

        Assert.Equal("modules/extra.bin", error.Entry);
        Assert.Contains("entry 'modules/extra.bin' is not in the manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACheckpointOfTheOldFormatWithoutAManifestIsRefused()
    {
        var path = WriteCheckpoint();
        Edit(path, zip => zip.GetEntry(CheckpointManifest.EntryName)!.Delete());

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(path));

        Assert.Equal(CheckpointManifest.EntryName, error.Entry);
        Assert.Contains($"checkpoint '{path}' has no entry 'manifest.json': it was written by an older simlap (checkpoint format 1", error.Message, StringComparison.Ordinal);
        OneParagraph(error);
    }

    [Fact]
    public void AFileThatIsNotAZipOrDoesNotExistIsRefusedNamingIt()
    {
        var garbage = work.Write("garbage.ckpt", "not a zip at all, just text that is long enough to look like something");
        var missing = work.Combine("missing.ckpt");

        var notZip = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(garbage));
        var notThere = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadHeader(missing));

        Assert.Contains($"checkpoint '{garbage}' ({new FileInfo(garbage).Length} bytes) is not a readable zip archive", notZip.Message, StringComparison.Ordinal);
        Assert.Contains($"checkpoint '{missing}' cannot be opened", notThere.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightsOfAnotherShapeAreASentenceNamingTheEntryAndComponent()
    {
        var path = WriteCheckpoint();
        var wider = TinyExperiment.Resolve("train.epochs=1", "backbone.widths=[8,32]");
        using var pipeline = TinyExperiment.BuildPipeline(wider, work.Path);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.ReadModules(path, pipeline));

        Assert.Equal("modules/backbone.bin", error.Entry);
        Assert.Contains($"checkpoint '{path}': entry 'modules/backbone.bin' cannot be loaded into the backbone (", error.Message, StringComparison.Ordinal);
        Assert.Contains("other components or options (shapes)", error.Message, StringComparison.Ordinal);
        OneParagraph(error);
    }

    [Theory]
    [InlineData("generators/torch-default.bin", "random generator 'torch-default'")]
    [InlineData("modules/head.bin", "head")]
    [InlineData("optimizers/main.bin", "optimiser")]
    public void GarbageUnderAValidManifestIsASentenceWithoutANativeStackTrace(string entry, string component)
    {
        // A crafted file: the garbage is listed in the manifest with its true hash, so only loading it can fail.
        var path = WriteCheckpoint();
        Rewrite(path, entry, [7, 0, 0, 0, 255, 255, 255, 255, 1, 2, 3]);
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path, pipeline, optimizer));

        Assert.Equal(entry, error.Entry);
        Assert.Contains($"entry '{entry}' cannot be loaded into the {component} (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("frame #", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c10::", error.Message, StringComparison.Ordinal);
        OneParagraph(error);
    }

    [Fact]
    public void AGeneratorStateOfTheRightSizeButInvalidIsRefusedBeforeLibtorchSeesIt()
    {
        // libtorch rejects an invalid Mersenne Twister state by throwing through TorchSharp, which aborts the process.
        var path = WriteCheckpoint();
        Rewrite(path, "generators/data-order.bin", Enumerable.Repeat((byte)0xAB, 5056).ToArray());
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path, pipeline, optimizer));

        Assert.Equal("generators/data-order.bin", error.Entry);
        Assert.Contains("entry 'generators/data-order.bin' cannot be loaded into the random generator 'data-order' (not a valid state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADataOrderOfAnotherDataSetIsRefused()
    {
        var path = WriteCheckpoint();
        var bigger = TinyExperiment.Resolve("train.epochs=1", "data.train_per_class=20");
        using var pipeline = TinyExperiment.BuildPipeline(bigger, work.Path);
        using var optimizer = new TrainingOptimizer(bigger.Options.Train.Optimizer, pipeline.Parameters);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path, pipeline, optimizer));

        Assert.Equal("permutation.bin", error.Entry);
        Assert.Contains("is not an order of this experiment's 80 training images", error.Message, StringComparison.Ordinal);
    }

    private string WriteCheckpoint()
    {
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        using var permutation = torch.randperm(TinyExperiment.TrainImages);
        var path = work.Combine("checkpoints", $"{Guid.NewGuid():N}.ckpt");
        CheckpointFile.Write(path, "run", new TrainingProgress(1, 3, 3, 1.5, 3), permutation, pipeline, optimizer);
        return path;
    }

    /// <summary>Replaces entry <paramref name="entry"/> by <paramref name="data"/> and writes a manifest that matches.</summary>
    private static void Rewrite(string path, string entry, byte[] data)
    {
        List<(string Name, byte[] Data)> entries;
        using (var zip = ZipFile.OpenRead(path))
        {
            entries = zip.Entries.Where(e => e.FullName != CheckpointManifest.EntryName).Select(e => (e.FullName, e.FullName == entry ? data : Bytes(e))).ToList();
        }

        using var file = new FileStream(path, FileMode.Create);
        using var rewritten = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries.Append((CheckpointManifest.EntryName, CheckpointManifest.For(CheckpointFile.FormatVersion, entries).ToJson())))
        {
            using var stream = rewritten.CreateEntry(name).Open();
            stream.Write(bytes);
        }
    }

    private static void Edit(string path, Action<ZipArchive> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        edit(zip);
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static void OneParagraph(CheckpointException error)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }
}
