using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Engine.Experiments;

/// <summary><c>train.optimizer</c>: the optimiser and its hyper-parameters.</summary>
public sealed class OptimizerOptions
{
    /// <summary>The optimiser.</summary>
    [Description("Optimiser: adam (L2 decay), adam-w (decoupled decay) or sgd (with momentum).")]
    public OptimizerKind Type { get; set; } = OptimizerKind.Adam;

    /// <summary>Base learning rate.</summary>
    [Description("Base learning rate (after warm-up).")]
    [Range(1e-12, 100.0)]
    public double Lr { get; set; } = 1e-3;

    /// <summary>Weight decay.</summary>
    [Description("Weight decay.")]
    [Range(0.0, 1.0)]
    public double WeightDecay { get; set; } = 5e-4;

    /// <summary>SGD momentum.</summary>
    [Description("Momentum (sgd only).")]
    [Range(0.0, 0.9999)]
    public double Momentum { get; set; } = 0.9;

    /// <summary>Nesterov momentum.</summary>
    [Description("Nesterov momentum (sgd only).")]
    public bool Nesterov { get; set; }
}
