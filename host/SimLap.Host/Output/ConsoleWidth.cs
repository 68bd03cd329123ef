using System.Globalization;
using Spectre.Console;

namespace SimLap.Host.Output;

/// <summary>
/// The width tables are laid out in when stdout is not a terminal. Spectre.Console falls back to 80 columns there,
/// which wraps <c>simlap describe</c> one word per line, splits names (<c>SimLap.Plugins.C|ore</c>) and cuts headers
/// (<c>eval/k…</c>) in a file or a pipe; <c>COLUMNS</c> is honoured when set, else the width is <see cref="Redirected"/>.
/// </summary>
public static class ConsoleWidth
{
    /// <summary>The width used for redirected output when <c>COLUMNS</c> is not set.</summary>
    public const int Redirected = 200;

    /// <summary>The narrowest <c>COLUMNS</c> honoured; smaller values are taken for a mistake.</summary>
    private const int Narrowest = 40;

    /// <summary>Sets the console's width for redirected output; leaves a terminal's alone.</summary>
    public static void Apply()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = For(Environment.GetEnvironmentVariable("COLUMNS"));
        }
    }

    /// <summary>The width for redirected output given the value of <c>COLUMNS</c> (null when unset).</summary>
    public static int For(string? columns) =>
        int.TryParse(columns, NumberStyles.Integer, CultureInfo.InvariantCulture, out var width) && width >= Narrowest ? width : Redirected;
}
