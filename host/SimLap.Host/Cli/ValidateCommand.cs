using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Engine.Running;
using SimLap.Host.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap validate</c>: resolves and checks an experiment without training.</summary>
public sealed class ValidateCommand(ILoggerFactory loggers) : Command<ValidateCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var loaded = ExperimentResolver.Load(settings.File, settings.Overrides, loggers.CreateLogger("simlap"));
        var all = loaded.BindAll();
        PreflightChecks.Check(loaded, all, settings.TrackingUri, loggers);
        var experiment = all[0];
        var table = new Table().Border(TableBorder.Rounded).AddColumns("section", "type", "plugin", "options");
        foreach (var component in experiment.Components.OrderBy(c => c.Key).Select(c => c.Value).Concat(experiment.Evaluators))
        {
            var options = OptionsSchema.For(component.Options.GetType()).Options
                .Select(o => $"{o.Key}={OptionDescriptor.Format(o.Property.GetValue(component.Options))}");
            table.AddRow(component.Section, component.Descriptor.Name, $"{component.Descriptor.Plugin.Name} {component.Descriptor.Plugin.Version}", Markup.Escape(string.Join(" ", options)));
        }

        TableOutput.Write(table);
        var train = experiment.Options.Train;
        var sweep = loaded.IsSweep ? $" · sweep of {loaded.Trials.Count} trials, all valid (simlap run --list-trials shows them)" : "";
        AnsiConsole.MarkupLine($"[green]valid[/]: {Markup.Escape(settings.File)} · seed {experiment.Options.Seed} · {train.Epochs} epochs of batch {train.BatchSize} · {experiment.ToParams().Count} resolved keys{sweep}");
        return ExitCodes.Success;
    }

    /// <summary>Arguments of <c>simlap validate</c>.</summary>
    public sealed class Settings : ExperimentSettings
    {
        /// <summary>The tracking URI run would be given.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("The tracking URI run would be given, to check it too (default: tracking.uri, else $MLFLOW_TRACKING_URI, else ./mlruns).")]
        public string? TrackingUri { get; set; }
    }
}
