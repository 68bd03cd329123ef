namespace SimLap.Plugins.Core.Data;

/// <summary>Which images a data set returns as its evaluation (<see cref="Contracts.Data.DatasetSplit.Test"/>) split.</summary>
public enum EvaluationSplit
{
    /// <summary>The data set's own test split.</summary>
    Test,

    /// <summary>The validation part carved out of the training split by <c>validation_fraction</c>.</summary>
    Validation,
}
