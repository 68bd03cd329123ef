namespace SimLap.Engine.Configuration;

/// <summary>
/// A mistake in the user's experiment, command line or environment. The host prints <see cref="Exception.Message"/>
/// (which already names the place and what is allowed) without a stack trace and exits with code 2.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates an error for one or more problems, each already formatted.</summary>
    public ConfigurationException(IReadOnlyList<string> problems)
        : base(Summarize(problems))
    {
        Problems = problems;
    }

    /// <summary>How many problems the message lists; the rest are counted.</summary>
    public const int MaxListedProblems = 50;

    /// <summary>How long one listed problem may be (a hostile file can make a key or value megabytes long).</summary>
    public const int MaxProblemLength = 2000;

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

    private static string Summarize(IReadOnlyList<string> problems)
    {
        var listed = problems.Take(MaxListedProblems).Select(p => p.Length > MaxProblemLength ? p[..MaxProblemLength] + " [...]" : p).ToList();
        if (problems.Count > MaxListedProblems)
        {
            listed.Add($"(and {problems.Count - MaxListedProblems:N0} more problems)");
        }

        return string.Join(Environment.NewLine, listed);
    }
}
