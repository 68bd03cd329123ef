namespace SimLap.Engine.Configuration;

/// <summary>
/// A mistake in the user's experiment, command line or environment. The host prints <see cref="Exception.Message"/>
/// (which already names the place and what is allowed) without a stack trace and exits with code 2.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates an error for one or more problems, each already formatted.</summary>
    public ConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Creates an error located at <paramref name="location"/>.</summary>
    public ConfigurationException(SourceLocation location, string message)
        : this([$"{location}: {message}"])
    {
    }

    /// <summary>Creates an error with no location.</summary>
    public ConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Each problem found, formatted as <c>file:line:column: message</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
