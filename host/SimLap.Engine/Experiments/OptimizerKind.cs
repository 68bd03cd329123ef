namespace SimLap.Engine.Experiments;

/// <summary>The optimisers the engine provides.</summary>
public enum OptimizerKind
{
    /// <summary>Adam with L2 weight decay (the paper's small-scale recipe).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>SGD with momentum.</summary>
    Sgd,

    /// <summary>SGD with momentum and layer-wise trust-ratio adaptation (LARS, You et al. 2017).</summary>
    Lars,
}
