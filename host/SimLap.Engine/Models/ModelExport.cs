using SimLap.Engine.Configuration;
using SimLap.Engine.Training;
using static TorchSharp.torch;

namespace SimLap.Engine.Models;

/// <summary>The formats <c>simlap export</c> writes a run's backbone in.</summary>
public static class ModelExport
{
    /// <summary>TorchSharp's own module format (<c>Module.load</c>); the default, as before.</summary>
    public const string TorchSharp = "torchsharp";

    /// <summary>safetensors with the module's state_dict names (<c>safetensors.torch.load_file</c>).</summary>
    public const string Safetensors = "safetensors";

    /// <summary>The formats, in the order help lists them.</summary>
    public static IReadOnlyList<string> Formats { get; } = [Safetensors, TorchSharp];

    /// <summary>The output file when <c>--out</c> is not given.</summary>
    public static string DefaultOut(string format) => format == Safetensors ? "backbone.safetensors" : "backbone.bin";

    /// <summary>Checks <paramref name="format"/> (exit 2 with a did-you-mean when it is not one of <see cref="Formats"/>).</summary>
    public static string Check(string format) =>
        Formats.Contains(format) ? format
        : throw new ConfigurationException($"--format '{format}': not an export format; use safetensors or torchsharp.{Suggest.DidYouMean(format, Formats)}");

    /// <summary>The backbone of <paramref name="checkpoint"/> as the bytes of a file in <paramref name="format"/>.</summary>
    public static byte[] Backbone(string checkpoint, string format)
    {
        var torchSharp = CheckpointFile.ReadBackbone(checkpoint);
        if (format == TorchSharp)
        {
            return torchSharp;
        }

        using var scope = NewDisposeScope();
        using var file = new MemoryStream();
        SafetensorsFile.Write(file, TorchSharpStateDict.Read(torchSharp), new Dictionary<string, string> { ["format"] = "pt", ["simlap.part"] = "backbone" });
        return file.ToArray();
    }
}
