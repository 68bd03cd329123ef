using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments of <c>simlap runs prune</c>.</summary>
public sealed class RunsPruneSettings : StoreSettings
{
    /// <summary>The checkpoint home, when not the default.</summary>
    [CommandOption("--checkpoint-dir <DIR>")]
    [Description("The checkpoint home the runs used (their checkpoint.dir; default: $XDG_DATA_HOME/simlap/checkpoints, else ~/.local/share/simlap/checkpoints).")]
    public string? CheckpointDir { get; set; }

    /// <summary>Delete rather than list.</summary>
    [CommandOption("--yes")]
    [Description("Delete the folders listed (without it, only list what would go and its size).")]
    public bool Yes { get; set; }
}
