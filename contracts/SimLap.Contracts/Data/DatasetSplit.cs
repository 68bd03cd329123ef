namespace SimLap.Contracts.Data;

/// <summary>Which part of a data set to load.</summary>
public enum DatasetSplit
{
    /// <summary>The training split.</summary>
    Train,

    /// <summary>The held-out evaluation split.</summary>
    Test,
}
