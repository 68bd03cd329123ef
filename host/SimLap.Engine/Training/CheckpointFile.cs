using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// One checkpoint: a zip of the trainable modules (TorchSharp's own format), the optimiser states, every random
/// generator's state, the data order of the epoch in progress and where training stands, with a manifest of every
/// entry's size and SHA-256 (<see cref="CheckpointManifest"/>). Every read verifies the whole file first, so a
/// damaged checkpoint is refused with a <see cref="CheckpointException"/> instead of resuming silently from altered
/// state. It is written to a temporary file in the same folder, flushed to disk and renamed (then the folder is
/// flushed), so a crash or a full disk never leaves a half checkpoint in place.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The file name extension.</summary>
    public const string Extension = ".ckpt";

    /// <summary>The checkpoint format written and read: 2 added the manifest (format 1 checkpoints are refused).</summary>
    public const int FormatVersion = 2;

    private const string MetaEntry = "meta.json";
    private const string PermutationEntry = "permutation.bin";
    private const string BackboneEntry = "modules/backbone.bin";

    /// <summary>What a checkpoint says about the run besides the tensors.</summary>
    /// <param name="RunId">The tracking run the checkpoint belongs to.</param>
    /// <param name="Progress">Where training stands.</param>
    public sealed record Header(string RunId, TrainingProgress Progress);

    /// <summary>Writes a checkpoint atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, string runId, TrainingProgress progress, Tensor? permutation, Pipeline pipeline, TrainingOptimizer optimizer) =>
        Write(path, runId, progress, permutation, pipeline, optimizer, file => file);

    /// <summary>Like the public overload; <paramref name="wrap"/> stands between the zip and the file (tests inject a full disk).</summary>
    internal static void Write(string path, string runId, TrainingProgress progress, Tensor? permutation, Pipeline pipeline, TrainingOptimizer optimizer, Func<Stream, Stream> wrap) =>
        DurableFile.Write(path, stream => WriteZip(wrap(stream), Entries(runId, progress, permutation, pipeline, optimizer)));

    /// <summary>
    /// Verifies the checkpoint at <paramref name="path"/> (every entry against the manifest) and returns its header;
    /// throws <see cref="CheckpointException"/> when it does not verify.
    /// </summary>
    public static Header ReadHeader(string path) => ReadMeta(CheckpointArchive.Open(path, FormatVersion));

    /// <summary>Loads a checkpoint into a pipeline built from the same experiment; returns the header and the saved data order.</summary>
    public static (Header Header, Tensor? Permutation) Read(string path, Pipeline pipeline, TrainingOptimizer optimizer)
    {
        var archive = CheckpointArchive.Open(path, FormatVersion);
        var header = ReadMeta(archive);
        LoadModules(archive, pipeline);
        Load(archive, "optimizers/main.bin", "optimiser", bytes => WithReader(bytes, reader => ((TorchSharp.Modules.OptimizerHelper)optimizer.Inner).load_state_dict(reader)));
        if (pipeline.Probe is { } probe)
        {
            Load(archive, "optimizers/online-probe.bin", "online probe's optimiser", bytes => WithReader(bytes, reader => ((TorchSharp.Modules.OptimizerHelper)probe.Optimizer).load_state_dict(reader)));
        }

        foreach (var (name, generator) in Generators(pipeline))
        {
            Load(archive, $"generators/{name}.bin", $"random generator '{name}'", bytes =>
            {
                using var current = generator.get_state();
                if (GeneratorStateCheck.Problem(current.bytes, bytes) is { } problem)
                {
                    throw new InvalidDataException(problem);
                }

                using var state = torch.tensor(bytes, dtype: ScalarType.Byte);
                generator.set_state(state);
            });
        }

        // The manifest says whether the writer saved a data order; an entry it lists is never silently absent.
        var permutation = archive.Has(PermutationEntry) ? ReadPermutation(archive, pipeline.Train.Count) : null;
        return (header, permutation);
    }

    /// <summary>Loads only the modules of a checkpoint (for evaluation), leaving optimiser and generators alone.</summary>
    public static Header ReadModules(string path, Pipeline pipeline)
    {
        var archive = CheckpointArchive.Open(path, FormatVersion);
        var header = ReadMeta(archive);
        LoadModules(archive, pipeline);
        return header;
    }

    /// <summary>The backbone's weights alone, in TorchSharp's module format, for reuse elsewhere (after verifying the checkpoint).</summary>
    public static byte[] ReadBackbone(string path) => CheckpointArchive.Open(path, FormatVersion).Entry(BackboneEntry);

    private static IEnumerable<(string Name, byte[] Data)> Entries(string runId, TrainingProgress progress, Tensor? permutation, Pipeline pipeline, TrainingOptimizer optimizer)
    {
        yield return (MetaEntry, JsonSerializer.SerializeToUtf8Bytes(new Meta(FormatVersion, runId, progress.Epoch, progress.StepInEpoch, progress.Step, progress.EpochLossSum, progress.EpochLossCount, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))));
        foreach (var (name, module) in Modules(pipeline))
        {
            yield return ($"modules/{name}.bin", Saved(writer => module.save(writer)));
        }

        yield return ("optimizers/main.bin", Saved(writer => ((TorchSharp.Modules.OptimizerHelper)optimizer.Inner).save_state_dict(writer)));
        if (pipeline.Probe is { } probe)
        {
            yield return ("optimizers/online-probe.bin", Saved(writer => ((TorchSharp.Modules.OptimizerHelper)probe.Optimizer).save_state_dict(writer)));
        }

        foreach (var (name, generator) in Generators(pipeline))
        {
            using var state = generator.get_state();
            yield return ($"generators/{name}.bin", state.bytes.ToArray());
        }

        if (permutation is not null)
        {
            using var cpu = permutation.cpu();
            yield return (PermutationEntry, cpu.bytes.ToArray());
        }
    }

    private static void WriteZip(Stream file, IEnumerable<(string Name, byte[] Data)> entries)
    {
        var written = new List<(string Name, byte[] Data)>();
        using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in entries)
        {
            Tracking.StoreFaults.Hit(Tracking.StoreFaults.CheckpointEntry);
            WriteEntry(zip, entry.Name, entry.Data, CompressionLevel.Fastest);
            written.Add(entry);
        }

        // Last, so that it lists exactly what was written.
        WriteEntry(zip, CheckpointManifest.EntryName, CheckpointManifest.For(FormatVersion, written).ToJson(), CompressionLevel.NoCompression);
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] data, CompressionLevel level)
    {
        using var stream = zip.CreateEntry(name, level).Open();
        stream.Write(data);
    }

    private static void LoadModules(CheckpointArchive archive, Pipeline pipeline)
    {
        foreach (var (name, module) in Modules(pipeline))
        {
            Load(archive, $"modules/{name}.bin", name, bytes => WithReader(bytes, reader => module.load(reader)));
        }
    }

    /// <summary>
    /// Loads entry <paramref name="entry"/> into <paramref name="component"/>. TorchSharp and libtorch fail on weights
    /// of another shape or on garbage with messages that may carry a C++ stack trace: they become one sentence naming
    /// the file, the entry and the component.
    /// </summary>
    private static void Load(CheckpointArchive archive, string entry, string component, Action<byte[]> load)
    {
        var bytes = archive.Entry(entry);
        try
        {
            load(bytes);
        }
        catch (Exception e) when (e is not CheckpointException and not OutOfMemoryException)
        {
            throw new CheckpointException(archive.Path, entry, $"checkpoint '{archive.Path}': entry '{entry}' cannot be loaded into the {component} ({CheckpointArchive.FirstLine(e)}): the checkpoint was written by an experiment with other components or options (shapes), or is damaged.");
        }
    }

    private static Tensor ReadPermutation(CheckpointArchive archive, long count)
    {
        var bytes = archive.Entry(PermutationEntry);
        var values = new long[bytes.Length / sizeof(long)];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(long));
        if (bytes.Length % sizeof(long) != 0 || !IsPermutation(values, count))
        {
            throw new CheckpointException(archive.Path, PermutationEntry, $"checkpoint '{archive.Path}': entry '{PermutationEntry}' is not an order of this experiment's {count} training images: the checkpoint was written by an experiment with other data.");
        }

        return torch.tensor(values, dtype: ScalarType.Int64);
    }

    private static bool IsPermutation(long[] values, long count)
    {
        if (values.LongLength != count)
        {
            return false;
        }

        var seen = new bool[count];
        foreach (var value in values)
        {
            if (value < 0 || value >= count || seen[value])
            {
                return false;
            }

            seen[value] = true;
        }

        return true;
    }

    private static IEnumerable<(string Name, nn.Module Module)> Modules(Pipeline pipeline)
    {
        yield return ("backbone", pipeline.Backbone.Network);
        yield return ("projector", pipeline.Projector.Network);
        yield return ("head", pipeline.Head.Network);
        yield return ("loss", pipeline.Loss.Network);
        if (pipeline.Target is { } target)
        {
            yield return ("target-backbone", target.Backbone.Network);
            yield return ("target-projector", target.Projector.Network);
        }

        if (pipeline.Probe is { } probe)
        {
            yield return ("online-probe", probe.Module);
        }
    }

    private static IEnumerable<(string Name, Generator Generator)> Generators(Pipeline pipeline) =>
        pipeline.Generators.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Value)).Append(("torch-default", torch.Generator.Default));

    private static byte[] Saved(Action<BinaryWriter> save)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            save(writer);
        }

        return memory.ToArray();
    }

    private static void WithReader(byte[] bytes, Action<BinaryReader> read)
    {
        using var memory = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(memory);
        read(reader);
    }

    private static Header ReadMeta(CheckpointArchive archive)
    {
        Meta? meta;
        try
        {
            meta = JsonSerializer.Deserialize<Meta>(archive.Entry(MetaEntry));
        }
        catch (JsonException)
        {
            meta = null;
        }

        if (meta?.RunId is null || meta.Epoch < 1 || meta.Step < 0)
        {
            throw new CheckpointException(archive.Path, MetaEntry, $"checkpoint '{archive.Path}': entry '{MetaEntry}' is not a readable checkpoint header.");
        }

        return new Header(meta.RunId, meta.ToProgress());
    }

    private sealed record Meta(int Format, string RunId, int Epoch, int StepInEpoch, long Step, double EpochLossSum, long EpochLossCount, string Created)
    {
        public TrainingProgress ToProgress() => new(Epoch, StepInEpoch, Step, EpochLossSum, EpochLossCount);
    }
}
