using SimLap.Contracts.Components;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Models;

/// <summary>One trained module of the encoder that a logged model carries, saved under <c>data/&lt;Name&gt;.*</c>.</summary>
/// <param name="Name">The file stem: <c>backbone</c>, <c>projector</c> or <c>head</c>.</param>
/// <param name="Kind">Its component kind.</param>
/// <param name="Module">The module; its <c>state_dict</c> names are the tensor names.</param>
public sealed record EncoderPart(string Name, ComponentKind Kind, torch.nn.Module Module)
{
    /// <summary>The backbone, and the projector and gate head when they have weights (an identity projector has none).</summary>
    public static IReadOnlyList<EncoderPart> Of(Pipeline pipeline) =>
        new EncoderPart[]
        {
            new("backbone", ComponentKind.Backbone, pipeline.Backbone.Network),
            new("projector", ComponentKind.Projector, pipeline.Projector.Network),
            new("head", ComponentKind.SubspaceHead, pipeline.Head.Network),
        }.Where(p => p.Name == "backbone" || p.Module.state_dict().Count > 0).ToList();

    /// <summary>The number of trainable and frozen parameters (buffers not counted).</summary>
    public long ParameterCount => Module.parameters().Sum(p => p.numel());
}
