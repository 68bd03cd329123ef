using System.Text.RegularExpressions;

namespace SimLap.Engine.Tests.Fuzz;

/// <summary>What a message a user sees may not contain: a .NET exception type name, a generic type's name or a stack frame.</summary>
internal static partial class CleanMessage
{
    /// <summary>Why <paramref name="message"/> is not clean, or null when it is.</summary>
    public static string? Problem(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "the message is empty";
        }

        if (message.Contains("   at ", StringComparison.Ordinal) || message.Contains("--- End of", StringComparison.Ordinal))
        {
            return "the message holds a stack frame";
        }

        return TypeName().Match(message) is { Success: true } match ? $"the message names the .NET type '{match.Value}'" : null;
    }

    [GeneratedRegex(@"\b(System\.[A-Z]\w+|[A-Z]\w*Exception\b|\w+`\d)")]
    private static partial Regex TypeName();
}
