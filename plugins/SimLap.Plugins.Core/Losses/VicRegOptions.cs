using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>vicreg</c> loss.</summary>
public sealed class VicRegOptions
{
    /// <summary>Weight lambda of the invariance term (MSE between the views).</summary>
    [Description("Weight lambda of the invariance term: mean squared error between the views' embeddings.")]
    [Range(0.0, 10000.0)]
    public double SimWeight { get; set; } = 25.0;

    /// <summary>Weight mu of the variance term (hinge on each dimension's standard deviation).</summary>
    [Description("Weight mu of the variance term: mean over dims of relu(1 - std), averaged over the views.")]
    [Range(0.0, 10000.0)]
    public double VarWeight { get; set; } = 25.0;

    /// <summary>Weight nu of the covariance term (squared off-diagonal covariances / d).</summary>
    [Description("Weight nu of the covariance term: sum of squared off-diagonal covariances / d, summed over the views.")]
    [Range(0.0, 10000.0)]
    public double CovWeight { get; set; } = 1.0;

    /// <summary>The epsilon inside the standard deviation sqrt(var + epsilon).</summary>
    [Description("Epsilon inside the standard deviation sqrt(var + epsilon).")]
    [Range(1e-12, 1.0)]
    public double Epsilon { get; set; } = 1e-4;
}
