using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using static TorchSharp.torch;

namespace SimLap.Plugins.Isolation;

/// <summary>
/// Mean squared distance between the two views, times a weight read from a YAML file with the plugin's own YamlDotNet.
/// Logs the YamlDotNet major version it ran with as the diagnostic <c>yamldotnet_major</c>.
/// </summary>
[SimLapComponent("alignment", Description = "Isolation test: alignment loss weighted from a YAML file read with YamlDotNet 13.")]
public sealed class YamlAlignmentLoss : ILoss
{
    private readonly double weight;
    private readonly double yamlMajor;

    /// <summary>Reads the weights file.</summary>
    public YamlAlignmentLoss(YamlAlignmentOptions options, ComponentContext context)
    {
        weight = options.Weights.Length == 0 ? 1.0 : ReadWeights(File.ReadAllText(options.Weights)).Weight.Fraction;
        yamlMajor = typeof(IDeserializer).Assembly.GetName().Version?.Major ?? 0;
        context.Logger.LogYamlVersion(yamlMajor, weight);
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        var loss = input.View1.sub(input.View2).square().sum(1).mean().mul(weight);
        return new LossOutput(loss, new Dictionary<string, Tensor>
        {
            ["yamldotnet_major"] = tensor(yamlMajor),
            ["alignment_weight"] = tensor(weight),
        });
    }

    /// <summary>Parses the weights file with YamlDotNet 13's API.</summary>
    public static LossWeights ReadWeights(string yaml) =>
        new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .WithTypeConverter(new PercentageConverter())
            .Build()
            .Deserialize<LossWeights>(yaml);
}
