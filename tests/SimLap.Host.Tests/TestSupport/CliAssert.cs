using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace SimLap.Host.Tests;

/// <summary>
/// Assertions on CLI output. Spectre.Console wraps long lines at the console width (80 columns when redirected), even
/// inside words and paths, so messages are compared with all whitespace removed.
/// </summary>
public static partial class CliAssert
{
    /// <summary>The text with all whitespace removed.</summary>
    public static string Flat(string text) => Whitespace().Replace(text, "");

    /// <summary>The exit code is <paramref name="expected"/>.</summary>
    public static void ExitCode(CliResult result, int expected)
    {
        if (result.ExitCode != expected)
        {
            throw new XunitException($"Expected exit code {expected}, got {result.ExitCode}.{Environment.NewLine}{result}");
        }
    }

    /// <summary>Each needle occurs in <paramref name="text"/>, whitespace ignored.</summary>
    public static void Contains(CliResult result, string text, string streamName, params string[] needles)
    {
        var flat = Flat(text);
        foreach (var needle in needles)
        {
            if (!flat.Contains(Flat(needle), StringComparison.Ordinal))
            {
                throw new XunitException($"Expected {streamName} to contain '{needle}' (whitespace ignored).{Environment.NewLine}{result}");
            }
        }
    }

    /// <summary>Each needle occurs on stdout, whitespace ignored.</summary>
    public static void StdoutContains(CliResult result, params string[] needles) => Contains(result, result.StandardOutput, "stdout", needles);

    /// <summary>Each needle occurs on stderr, whitespace ignored.</summary>
    public static void StderrContains(CliResult result, params string[] needles) => Contains(result, result.StandardError, "stderr", needles);

    /// <summary>The regex matches stderr with all whitespace removed.</summary>
    public static Match StderrMatches(CliResult result, string flatPattern)
    {
        var match = Regex.Match(Flat(result.StandardError), flatPattern);
        if (!match.Success)
        {
            throw new XunitException($"Expected stderr (whitespace removed) to match /{flatPattern}/.{Environment.NewLine}{result}");
        }

        return match;
    }

    /// <summary>Neither stream shows a .NET stack trace nor the catch-all error for unexpected exceptions.</summary>
    public static void NoStackTrace(CliResult result)
    {
        foreach (var (name, text) in new[] { ("stdout", result.StandardOutput), ("stderr", result.StandardError) })
        {
            if (StackFrame().IsMatch(text) || text.Contains("--verbose for details", StringComparison.Ordinal))
            {
                throw new XunitException($"Expected no stack trace and no unexpected-exception error on {name}.{Environment.NewLine}{result}");
            }
        }
    }

    /// <summary>stderr holds exactly one <c>error:</c> message (which may span several wrapped lines).</summary>
    public static void SingleError(CliResult result)
    {
        var count = Regex.Matches(result.StandardError, "(?m)^error:").Count;
        if (count != 1)
        {
            throw new XunitException($"Expected exactly one 'error:' message on stderr, found {count}.{Environment.NewLine}{result}");
        }
    }

    /// <summary>stderr holds no <c>error:</c> message.</summary>
    public static void NoError(CliResult result)
    {
        if (result.StandardError.Contains("error:", StringComparison.Ordinal))
        {
            throw new XunitException($"Expected no error on stderr.{Environment.NewLine}{result}");
        }
    }

    /// <summary>
    /// A table row whose leading cells are exactly <paramref name="cells"/>: stdout is a pipe, so tables are plain aligned
    /// text, cells apart by spaces (an empty cell is only more space between its neighbours).
    /// </summary>
    public static void HasRow(CliResult result, params string[] cells)
    {
        var pattern = @"(?m)^ *" + string.Join(@"\s+", cells.Where(c => c.Length > 0).Select(Regex.Escape)) + @"(?: |$)";
        if (!Regex.IsMatch(result.StandardOutput, pattern))
        {
            throw new XunitException($"Expected a table row starting with cells [{string.Join(" | ", cells)}] on stdout.{Environment.NewLine}{result}");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?m)^\s+at \S")]
    private static partial Regex StackFrame();
}
