using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>SimCLR's NT-Xent (<see cref="NtXent"/>) over both views; pairs and gates are ignored.</summary>
[SimLapComponent("nt-xent", Description = "SimCLR NT-Xent over both views (instance positives; ignores pairs and gates).")]
public sealed class NtXentLoss : ILoss
{
    private readonly double temperature;

    /// <summary>Creates the loss.</summary>
    public NtXentLoss(NtXentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        temperature = options.Temperature;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var terms = NtXent.Compute(input.View1, input.View2, temperature);
        return new LossOutput(terms.Loss, new Dictionary<string, Tensor> { ["positive_cosine"] = terms.PositiveCosine });
    }
}
