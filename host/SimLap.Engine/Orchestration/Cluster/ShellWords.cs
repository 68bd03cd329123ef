namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>POSIX shell quoting.</summary>
public static class ShellWords
{
    /// <summary><paramref name="text"/> as one shell word: unchanged when it is made of safe characters, else single-quoted.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ':' or ',' or '+' or '@' or '%')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The command that started this process, as shell words: <c>dotnet &lt;dll&gt;</c> under the dotnet muxer, else the executable.</summary>
    public static string CurrentSimlapCommand()
    {
        var process = Environment.ProcessPath ?? "simlap";
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(entry)
            ? $"{Quote(process)} {Quote(entry)}"
            : Quote(process);
    }
}
