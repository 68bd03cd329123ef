using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Engine.Experiments;

/// <summary><c>train.optimizer</c>: the optimiser and its hyper-parameters.</summary>
public sealed class OptimizerOptions
{
    /// <summary>The optimiser.</summary>
    [Description("Optimiser: adam (L2 decay), adamw (decoupled decay), sgd (with momentum) or lars.")]
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
    [Description("Momentum (sgd and lars).")]
    [Range(0.0, 0.9999)]
    public double Momentum { get; set; } = 0.9;

    /// <summary>LARS trust coefficient.</summary>
    [Description("LARS trust coefficient eta: each layer's step is scaled by eta * ||w|| / ||g + wd w|| (lars only).")]
    [Range(1e-6, 10.0)]
    public double Eta { get; set; } = 0.02;

    /// <summary>Leave biases and normalisation parameters out of weight decay and LARS adaptation.</summary>
    [Description("Leave biases and norm parameters (tensors of one dimension or fewer) out of LARS adaptation and weight decay (lars only).")]
    public bool ExcludeBiasAndNorm { get; set; } = true;

    /// <summary>Parameters kept out of weight decay (adam, adamw, sgd; for lars in addition to exclude_bias_and_norm).</summary>
    [Description("Parameters without weight decay, via a parameter group of their own: bias (parameters named *.bias), norm (other tensors of one dimension or fewer: norm weights, as LARS classifies them), or a name segment such as cls_token or pos_embed. ViT recipes: [norm, bias, cls_token, pos_embed].")]
    public string[] ExcludeFromDecay { get; set; } = [];

    /// <summary>Scale the learning rate with the batch size.</summary>
    [Description("none, or linear: lr * batch_size / 256 (Goyal et al.).")]
    public LearningRateScaling LrScale { get; set; } = LearningRateScaling.None;

    /// <summary>Nesterov momentum.</summary>
    [Description("Nesterov momentum (sgd only).")]
    public bool Nesterov { get; set; }
}
