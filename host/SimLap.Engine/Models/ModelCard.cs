using System.Globalization;
using System.Text;
using SimLap.Contracts.Data;
using SimLap.Engine.Experiments;

namespace SimLap.Engine.Models;

/// <summary>
/// The model card (<c>README.md</c> of a logged model): the experiment, the components with their plugins and
/// versions, the input the encoder expects, its feature dimension, parameter counts, the final evaluation, and every
/// tensor of every weights file with its dtype and shape.
/// </summary>
/// <param name="Experiment">The resolved experiment.</param>
/// <param name="RunId">The run the model came from.</param>
/// <param name="Input">The training data's image format.</param>
/// <param name="FeatureDim">The backbone's feature dimension.</param>
/// <param name="Parts">The weights files.</param>
/// <param name="Evaluation">The final evaluation's metrics.</param>
public sealed record ModelCard(ResolvedExperiment Experiment, string RunId, DatasetInfo Input, long FeatureDim, IReadOnlyList<PartTensors> Parts, IReadOnlyDictionary<string, double> Evaluation)
{
    /// <summary>How the encoder's input is scaled (the engine's feature extractor does the same).</summary>
    public const string Normalisation = "uint8 pixels divided by 255 (float32 in [0, 1]); no per-channel mean/std";

    /// <summary>The card as Markdown.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var options = Experiment.Options;
        text.Append(CultureInfo.InvariantCulture, $"# {options.Name}: trained encoder\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Experiment `{options.Tracking.Experiment}`, run `{RunId}`, seed {options.Seed}, {options.Train.Epochs} epochs.\n\n");
        text.Append("## Components\n\n| section | component | plugin | version |\n|---|---|---|---|\n");
        foreach (var c in Experiment.Components.Values.Concat(Experiment.Evaluators))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {c.Section} | {c.Descriptor.Name} | {c.Descriptor.Plugin.Name} | {c.Descriptor.Plugin.Version} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n## Input and output\n\n- input: NCHW float32, {Input.Channels} channel(s), {Input.Height} x {Input.Width} pixels ({Input.Name})\n");
        text.Append(CultureInfo.InvariantCulture, $"- normalisation: {Normalisation}\n- output: the backbone's features, [N, {FeatureDim}]\n\n");
        AppendParameters(text);
        AppendEvaluation(text);
        AppendTensors(text);
        text.Append("\n## Loading\n\nPyTorch: `model.load_state_dict(safetensors.torch.load_file(\"data/backbone.safetensors\"))` into the equivalent module ")
            .Append("(docs/logged-models.md). TorchSharp: `Module.load(\"data/backbone.bin\")` into the same backbone type and options.\n");
        return text.ToString();
    }

    private void AppendParameters(StringBuilder text)
    {
        text.Append("## Parameters\n\n| part | parameters |\n|---|---|\n");
        foreach (var part in Parts)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {part.Part.Name} | {part.Part.ParameterCount:N0} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"| total | {Parts.Sum(p => p.Part.ParameterCount):N0} |\n\n");
    }

    private void AppendEvaluation(StringBuilder text)
    {
        text.Append("## Evaluation (final)\n\n");
        if (Evaluation.Count == 0)
        {
            text.Append("No evaluator ran.\n\n");
            return;
        }

        text.Append("| metric | value |\n|---|---|\n");
        foreach (var (key, value) in Evaluation.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {key} | {value:G6} |\n");
        }

        text.Append('\n');
    }

    private void AppendTensors(StringBuilder text)
    {
        text.Append("## Tensors\n");
        foreach (var part in Parts)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n`{part.SafetensorsPath}` (TorchSharp: `{part.TorchSharpPath}`)\n\n| name | dtype | shape |\n|---|---|---|\n");
            foreach (var tensor in part.Tensors)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {tensor.Name} | {tensor.DType} | [{string.Join(", ", tensor.Shape)}] |\n");
            }
        }
    }
}
