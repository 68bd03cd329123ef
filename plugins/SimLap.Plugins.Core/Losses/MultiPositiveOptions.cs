using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>multi-positive</c> loss.</summary>
public sealed class MultiPositiveOptions
{
    /// <summary>The temperature tau dividing the cosine similarities.</summary>
    [Description("Temperature tau: logits are cosine / tau.")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.1;

    /// <summary>True: 1/tau is a learnable scalar (initialised at 1/temperature) instead of a constant.</summary>
    [Description("Learn the logit scale, initialised at 1/temperature, instead of fixing it.")]
    public bool LearnableScale { get; set; }

    /// <summary>True: average of the view1->view2 and view2->view1 directions; false: view1->view2 only.</summary>
    [Description("Average the view1->view2 and view2->view1 directions (false: view1->view2 only).")]
    public bool Symmetric { get; set; } = true;
}
