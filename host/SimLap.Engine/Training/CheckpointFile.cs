using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// One checkpoint: a zip of the trainable modules (TorchSharp's own format), the optimiser states, every random
/// generator's state, the data order of the epoch in progress and where training stands. It is written to a temporary
/// file in the same folder and renamed, so a crash or a full disk never leaves a half checkpoint in place.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The file name extension.</summary>
    public const string Extension = ".ckpt";

    private const int FormatVersion = 1;
    private const string MetaEntry = "meta.json";
    private const string PermutationEntry = "permutation.bin";

    /// <summary>What a checkpoint says about the run besides the tensors.</summary>
    /// <param name="RunId">The tracking run the checkpoint belongs to.</param>
    /// <param name="Progress">Where training stands.</param>
    public sealed record Header(string RunId, TrainingProgress Progress);

    /// <summary>Writes a checkpoint atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, string runId, TrainingProgress progress, Tensor? permutation, Pipeline pipeline, TrainingOptimizer optimizer)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                WriteEntry(zip, MetaEntry, stream => JsonSerializer.Serialize(stream, new Meta(FormatVersion, runId, progress.Epoch, progress.StepInEpoch, progress.Step, progress.EpochLossSum, progress.EpochLossCount, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))));
                foreach (var (name, module) in Modules(pipeline))
                {
                    WriteEntry(zip, $"modules/{name}.bin", stream => WithWriter(stream, writer => module.save(writer)));
                }

                WriteEntry(zip, "optimizers/main.bin", stream => WithWriter(stream, writer => ((TorchSharp.Modules.OptimizerHelper)optimizer.Inner).save_state_dict(writer)));
                if (pipeline.Probe is { } probe)
                {
                    WriteEntry(zip, "optimizers/online-probe.bin", stream => WithWriter(stream, writer => ((TorchSharp.Modules.OptimizerHelper)probe.Optimizer).save_state_dict(writer)));
                }

                foreach (var (name, generator) in Generators(pipeline))
                {
                    using var state = generator.get_state();
                    WriteEntry(zip, $"generators/{name}.bin", stream => stream.Write(state.bytes));
                }

                if (permutation is not null)
                {
                    using var cpu = permutation.cpu();
                    WriteEntry(zip, PermutationEntry, stream => stream.Write(cpu.bytes));
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads only the header of a checkpoint.</summary>
    public static Header ReadHeader(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var meta = ReadMeta(zip, path);
        return new Header(meta.RunId, meta.ToProgress());
    }

    /// <summary>Loads a checkpoint into a pipeline built from the same experiment; returns the header and the saved data order.</summary>
    public static (Header Header, Tensor? Permutation) Read(string path, Pipeline pipeline, TrainingOptimizer optimizer)
    {
        using var zip = ZipFile.OpenRead(path);
        var meta = ReadMeta(zip, path);
        foreach (var (name, module) in Modules(pipeline))
        {
            WithReader(zip, path, $"modules/{name}.bin", reader => module.load(reader));
        }

        WithReader(zip, path, "optimizers/main.bin", reader => ((TorchSharp.Modules.OptimizerHelper)optimizer.Inner).load_state_dict(reader));
        if (pipeline.Probe is { } probe)
        {
            WithReader(zip, path, "optimizers/online-probe.bin", reader => ((TorchSharp.Modules.OptimizerHelper)probe.Optimizer).load_state_dict(reader));
        }

        foreach (var (name, generator) in Generators(pipeline))
        {
            var bytes = ReadBytes(zip, path, $"generators/{name}.bin");
            using var state = torch.tensor(bytes, dtype: ScalarType.Byte);
            generator.set_state(state);
        }

        Tensor? permutation = null;
        if (zip.GetEntry(PermutationEntry) is not null)
        {
            var bytes = ReadBytes(zip, path, PermutationEntry);
            var values = new long[bytes.Length / sizeof(long)];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            permutation = torch.tensor(values, dtype: ScalarType.Int64);
        }

        return (new Header(meta.RunId, meta.ToProgress()), permutation);
    }

    /// <summary>Loads only the modules of a checkpoint (for evaluation), leaving optimiser and generators alone.</summary>
    public static Header ReadModules(string path, Pipeline pipeline)
    {
        using var zip = ZipFile.OpenRead(path);
        var meta = ReadMeta(zip, path);
        foreach (var (name, module) in Modules(pipeline))
        {
            WithReader(zip, path, $"modules/{name}.bin", reader => module.load(reader));
        }

        return new Header(meta.RunId, meta.ToProgress());
    }

    /// <summary>The backbone's weights alone, in TorchSharp's module format, for reuse elsewhere.</summary>
    public static byte[] ReadBackbone(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return ReadBytes(zip, path, "modules/backbone.bin");
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

    private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(stream);
    }

    private static void WithWriter(Stream stream, Action<BinaryWriter> write)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        write(writer);
    }

    private static void WithReader(ZipArchive zip, string path, string entry, Action<BinaryReader> read)
    {
        using var memory = new MemoryStream(ReadBytes(zip, path, entry));
        using var reader = new BinaryReader(memory);
        read(reader);
    }

    private static byte[] ReadBytes(ZipArchive zip, string path, string entry)
    {
        var found = zip.GetEntry(entry) ?? throw new InvalidDataException($"checkpoint '{path}' has no entry '{entry}': it was written by another experiment (different components) or is damaged.");
        using var stream = found.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static Meta ReadMeta(ZipArchive zip, string path)
    {
        var meta = JsonSerializer.Deserialize<Meta>(ReadBytes(zip, path, MetaEntry))
            ?? throw new InvalidDataException($"checkpoint '{path}' has an empty header.");
        if (meta.Format != FormatVersion)
        {
            throw new InvalidDataException($"checkpoint '{path}' has format {meta.Format}; this version of simlap reads format {FormatVersion}.");
        }

        return meta;
    }

    private sealed record Meta(int Format, string RunId, int Epoch, int StepInEpoch, long Step, double EpochLossSum, long EpochLossCount, string Created)
    {
        public TrainingProgress ToProgress() => new(Epoch, StepInEpoch, Step, EpochLossSum, EpochLossCount);
    }
}
