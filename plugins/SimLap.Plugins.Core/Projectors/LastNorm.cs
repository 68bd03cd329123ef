namespace SimLap.Plugins.Core.Projectors;

/// <summary>The normalisation after the projector's last linear layer.</summary>
public enum LastNorm
{
    /// <summary>LayerNorm over the embedding (docs/method.md: BatchNorm at the end can close gates).</summary>
    Layer,

    /// <summary>BatchNorm1d over the batch.</summary>
    Batch,

    /// <summary>No normalisation.</summary>
    None,
}
