using System.Text;

namespace SimLap.Host.Tests;

/// <summary>What one <c>simlap</c> invocation did: its exit code and everything it printed.</summary>
public sealed record CliResult(IReadOnlyList<string> Arguments, string WorkingDirectory, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The captured invocation, for assertion messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("simlap ").AppendJoin(' ', Arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)).AppendLine();
        text.Append("  in ").AppendLine(WorkingDirectory);
        text.Append("  exit code ").Append(ExitCode).Append(" after ").Append(Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s");
        text.AppendLine("--- stdout ---").AppendLine(StandardOutput);
        text.AppendLine("--- stderr ---").AppendLine(StandardError);
        return text.ToString();
    }
}
