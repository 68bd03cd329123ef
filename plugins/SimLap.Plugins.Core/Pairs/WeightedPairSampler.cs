using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>
/// Draws each anchor's partner class y2 with probability P(y2 | y1) proportional to 1/(1 + d(y1, y2))^alpha, d a class-distance
/// matrix read from a CSV file (alpha = 0: uniform over all classes). The partner class may be absent from the batch; the
/// anchor then has no positive and the loss skips it.
/// </summary>
[SimLapComponent("weighted", Description = "Partner class drawn with probability proportional to 1/(1+d)^alpha from a class-distance CSV (alpha 0 = uniform).")]
public sealed class WeightedPairSampler : IPairSampler
{
    private readonly Generator generator;
    private readonly Tensor probabilities;

    /// <summary>Reads the distance matrix, checks it against the data set's classes and precomputes the C x C probabilities.</summary>
    public WeightedPairSampler(WeightedPairOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.RequireData().NumClasses;
        if (classes < 1)
        {
            throw new InvalidOperationException("The 'weighted' pair sampler needs a labelled data set (at least one class).");
        }

        var distances = tensor(ClassDistances.Read(options.Distances, classes), dtype: ScalarType.Float64);
        var weights = distances.add(1.0).pow(-options.Alpha);
        this.probabilities = weights.div(weights.sum(1, keepdim: true));
        this.generator = context.Generator;
    }

    /// <inheritdoc />
    public bool NeedsLabels => true;

    /// <inheritdoc />
    public PairAssignment Sample(Tensor labels)
    {
        var rows = this.probabilities.index_select(0, labels.cpu());
        var partners = rows.multinomial(1, generator: this.generator).squeeze(1).to(labels.device);
        return PairAssignment.ForClasses(labels, partners);
    }
}
