using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>cross-entropy</c> loss.</summary>
public sealed class CrossEntropyOptions
{
    /// <summary>Label smoothing epsilon of the cross-entropy (0 = plain one-hot targets).</summary>
    [Description("Label smoothing epsilon: targets (1 - eps) one-hot + eps / C (0 = off).")]
    [Range(0.0, 1.0)]
    public double LabelSmoothing { get; set; }
}
