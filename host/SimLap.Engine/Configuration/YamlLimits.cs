namespace SimLap.Engine.Configuration;

/// <summary>
/// Bounds on what an experiment file may make the reader do, so a hostile or broken file (a "billion laughs" of
/// nested aliases, thousands of nested brackets, a multi-gigabyte file) ends in a clear error instead of exhausting
/// memory or the stack. Real experiments stay far below each bound.
/// </summary>
public static class YamlLimits
{
    /// <summary>The largest experiment file, in bytes (1 MiB).</summary>
    public const int MaxDocumentBytes = 1 << 20;

    /// <summary>How deeply lists and mappings may nest.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many nodes (scalars, lists, mappings) a file may hold once every alias is expanded.</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>How many characters of keys and scalars a file may hold once every alias is expanded (8 MiB).</summary>
    public const long MaxExpandedChars = 8L << 20;

    /// <summary>The longest list an option may take (each list is logged as one param).</summary>
    public const int MaxListItems = 1000;

    /// <summary>The longest value an option may have as text: MLflow's limit on a param value.</summary>
    public const int MaxParamChars = 6000;
}
