namespace SimLap.Plugins.Core.Evaluators;

/// <summary>How a linear probe is fitted.</summary>
public enum ProbeSolver
{
    /// <summary>Multinomial logistic regression trained with Adam and a cosine learning-rate schedule.</summary>
    Adam,

    /// <summary>Closed-form ridge regression onto one-hot targets.</summary>
    Ridge,
}
