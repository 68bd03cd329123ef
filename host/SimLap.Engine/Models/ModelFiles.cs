namespace SimLap.Engine.Models;

/// <summary>
/// Writes the files of a logged model into a folder: per part <c>data/&lt;part&gt;.safetensors</c> (the module's own
/// state_dict names, for PyTorch) and <c>data/&lt;part&gt;.bin</c> (TorchSharp's <c>Module.save</c>, for
/// <c>Module.load</c>), and returns what each safetensors file holds.
/// </summary>
public static class ModelFiles
{
    /// <summary>The folder of the weights inside a model's artifacts.</summary>
    public const string DataFolder = "data";

    /// <summary>Writes the weights of <paramref name="parts"/> under <paramref name="folder"/>/data.</summary>
    public static IReadOnlyList<PartTensors> WriteWeights(string folder, IReadOnlyList<EncoderPart> parts)
    {
        var data = Directory.CreateDirectory(Path.Combine(folder, DataFolder)).FullName;
        var written = new List<PartTensors>();
        foreach (var part in parts)
        {
            var state = part.Module.state_dict().ToList();
            SafetensorsFile.Write(Path.Combine(data, part.Name + ".safetensors"), state, new Dictionary<string, string> { ["format"] = "pt", ["simlap.part"] = part.Name });
            part.Module.save(Path.Combine(data, part.Name + ".bin"));
            written.Add(new PartTensors(part, state.Select(s => new TensorInfo(s.Key, SafetensorsFile.DType(s.Value.dtype), s.Value.shape)).ToList()));
        }

        return written;
    }
}

/// <summary>What one part's safetensors file holds.</summary>
/// <param name="Part">The part.</param>
/// <param name="Tensors">Its tensors in file order.</param>
public sealed record PartTensors(EncoderPart Part, IReadOnlyList<TensorInfo> Tensors)
{
    /// <summary>The file, relative to the model's artifact root.</summary>
    public string SafetensorsPath => $"{ModelFiles.DataFolder}/{Part.Name}.safetensors";

    /// <summary>The TorchSharp file, relative to the model's artifact root.</summary>
    public string TorchSharpPath => $"{ModelFiles.DataFolder}/{Part.Name}.bin";
}

/// <summary>A tensor's name, safetensors dtype and shape.</summary>
/// <param name="Name">The state_dict name.</param>
/// <param name="DType">F32, I64, ...</param>
/// <param name="Shape">The shape.</param>
public sealed record TensorInfo(string Name, string DType, IReadOnlyList<long> Shape);
