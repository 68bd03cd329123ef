namespace SimLap.Plugins.Core.Evaluators;

/// <summary>The classifier fitted on clean training features by the <c>corruption</c> evaluator.</summary>
public enum ProbeClassifier
{
    /// <summary>The closed-form ridge probe (see <see cref="LinearProbe"/>).</summary>
    Ridge,

    /// <summary>Weighted kNN on L2-normalised features (as the <c>knn</c> evaluator).</summary>
    Knn,
}
