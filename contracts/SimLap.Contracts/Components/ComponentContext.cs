using Microsoft.Extensions.Logging;
using SimLap.Contracts.Data;
using SimLap.Contracts.Tracking;
using TorchSharp;

namespace SimLap.Contracts.Components;

/// <summary>
/// What a component may use besides its options: the device, its own random generator, a logger, the tracker,
/// and what is known about the pipeline built so far. Components never use global state (in particular never
/// the global torch generator), so changing one component does not shift another's random stream.
/// </summary>
public sealed record ComponentContext
{
    /// <summary>The device tensors and modules live on.</summary>
    public required torch.Device Device { get; init; }

    /// <summary>A generator seeded from the experiment seed and the component's section, on the CPU.</summary>
    public required torch.Generator Generator { get; init; }

    /// <summary>The experiment seed.</summary>
    public required long Seed { get; init; }

    /// <summary>A logger named after the component.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Where metrics, params and artifacts go.</summary>
    public required ITracker Tracker { get; init; }

    /// <summary>The training data's description; null while the data set itself is being built.</summary>
    public DatasetInfo? Data { get; init; }

    /// <summary>The backbone's feature dimension, once the backbone is built.</summary>
    public long FeatureDim { get; init; }

    /// <summary>The embedding dimension (the projector's output), once the projector is built.</summary>
    public long EmbeddingDim { get; init; }

    /// <summary>A folder the component may write files into (plots, tables) for the current run.</summary>
    public string WorkDirectory { get; init; } = Path.GetTempPath();

    /// <summary>The data set's description, or an error that says the component needs one.</summary>
    public DatasetInfo RequireData() =>
        Data ?? throw new InvalidOperationException("This component needs the data set's description, which is not known yet.");
}
