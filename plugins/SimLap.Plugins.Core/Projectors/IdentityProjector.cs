using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Projectors;

/// <summary>No projector: the embeddings are the backbone's features (d = the feature dimension), for ablating the projector.</summary>
[SimLapComponent("identity", Description = "No projector: the embeddings are the backbone's features (d = feature dimension).")]
public sealed class IdentityProjector : IProjector
{
    /// <summary>Passes the backbone's features through.</summary>
    public IdentityProjector(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.FeatureDim <= 0)
        {
            throw new InvalidOperationException("The 'identity' projector needs the backbone's feature dimension, which is not known yet.");
        }

        OutDim = context.FeatureDim;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; } = nn.Identity();

    /// <inheritdoc />
    public long OutDim { get; }
}
