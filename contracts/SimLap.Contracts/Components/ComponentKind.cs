namespace SimLap.Contracts.Components;

/// <summary>The kinds of component an experiment is composed of; each has its own YAML section.</summary>
public enum ComponentKind
{
    /// <summary>A data source (<c>data:</c>).</summary>
    Dataset,

    /// <summary>A batched view generator (<c>augment:</c>).</summary>
    Augmentation,

    /// <summary>The encoder (<c>backbone:</c>).</summary>
    Backbone,

    /// <summary>The MLP between features and embeddings (<c>projector:</c>).</summary>
    Projector,

    /// <summary>Chooses each anchor's partner (<c>pairs:</c>).</summary>
    PairSampler,

    /// <summary>Gates embeddings into a pair's subspace (<c>head:</c>).</summary>
    SubspaceHead,

    /// <summary>The training objective (<c>loss:</c>).</summary>
    Loss,

    /// <summary>Measures a frozen encoder (<c>eval:</c>, a list).</summary>
    Evaluator,
}
