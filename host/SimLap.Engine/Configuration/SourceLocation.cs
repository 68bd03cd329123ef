namespace SimLap.Engine.Configuration;

/// <summary>Where a configuration value came from: a file position, or a command-line override.</summary>
/// <param name="File">The file path (as given), or a description such as <c>--set</c>.</param>
/// <param name="Line">1-based line, 0 when not applicable.</param>
/// <param name="Column">1-based column, 0 when not applicable.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for values that came from no file.</summary>
    public static SourceLocation None { get; } = new("(defaults)", 0, 0);

    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
