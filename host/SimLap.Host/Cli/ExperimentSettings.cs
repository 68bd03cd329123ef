using System.ComponentModel;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>Arguments shared by the verbs that read an experiment file.</summary>
public class ExperimentSettings : CommandSettings
{
    /// <summary>The experiment file.</summary>
    [CommandArgument(0, "<experiment.yaml>")]
    [Description("The experiment file.")]
    public string File { get; set; } = "";

    /// <summary>Overrides.</summary>
    [CommandOption("--set <KEY=VALUE>")]
    [Description("Override a key, e.g. --set train.epochs=5 --set head.type=open (repeatable; the value is read as YAML).")]
    public string[] Overrides { get; set; } = [];
}
