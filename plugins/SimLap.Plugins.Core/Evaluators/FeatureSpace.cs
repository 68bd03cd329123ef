namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Which representation an analysis looks at.</summary>
public enum FeatureSpace
{
    /// <summary>The projector's output z (falls back to the backbone features when the pipeline has no projector).</summary>
    Embedding,

    /// <summary>The backbone's features.</summary>
    Feature,
}
