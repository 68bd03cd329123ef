using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Host.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap describe</c>: a component's options with types, defaults, ranges and descriptions; or those of one of the
/// engine's own sections (<c>experiment</c> for the top-level keys, <c>train</c>, <c>train.optimizer</c>,
/// <c>checkpoint</c>, <c>tracking</c>).
/// </summary>
public sealed class DescribeCommand(ILoggerFactory loggers) : Command<DescribeCommand.Settings>
{
    private static readonly Dictionary<string, Type> EngineSections = new(StringComparer.Ordinal)
    {
        ["experiment"] = typeof(ExperimentOptions),
        ["train"] = typeof(TrainOptions),
        ["train.optimizer"] = typeof(OptimizerOptions),
        ["checkpoint"] = typeof(CheckpointOptions),
        ["tracking"] = typeof(TrackingOptions),
    };

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (EngineSections.TryGetValue(settings.Component, out var section))
        {
            AnsiConsole.MarkupLine(settings.Component == "experiment"
                ? "[bold]the experiment file's top-level keys[/] · SimLap.Engine"
                : $"[bold]{Markup.Escape(settings.Component)}:[/] · SimLap.Engine");
            WriteOptions(section, settings.Component == "experiment" ? "" : settings.Component + ".");
            return ExitCodes.Success;
        }

        var catalog = PluginLoading.LoadAll([], loggers.CreateLogger("simlap"));
        var matches = catalog.Named(settings.Component).ToList();
        var broken = catalog.Broken.Where(b => b.Name == settings.Component).ToList();
        if (matches.Count == 0 && broken.Count > 0)
        {
            // Named, but unusable: say what is wrong with it rather than that nothing has the name.
            throw new ConfigurationException(string.Join(" ", broken.Select(b => b.Message)));
        }

        foreach (var unusable in broken)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(unusable.Message)}[/]");
        }

        if (matches.Count == 0)
        {
            var names = catalog.Components.Select(c => c.Name).Distinct().Order().ToList();
            throw new ConfigurationException($"no component is named '{settings.Component}'.{Suggest.DidYouMean(settings.Component, [.. names, .. EngineSections.Keys])} Installed: {string.Join(", ", names)}; the engine's sections: {string.Join(", ", EngineSections.Keys)}.");
        }

        foreach (var shared in matches.GroupBy(c => c.Kind).Where(g => g.Count() > 1))
        {
            AnsiConsole.MarkupLine($"[yellow]'{Markup.Escape(shared.First().Name)}' is registered by {shared.Count()} plugins ({Markup.Escape(string.Join(", ", shared.Select(c => $"{c.Plugin.Name}, {c.Plugin.Path}")))}); an experiment must say which: {Markup.Escape(string.Join(" or ", shared.Select(c => $"type: {c.Plugin.Name}:{c.Name}")))}.[/]");
        }

        foreach (var component in matches)
        {
            var ambiguous = matches.Count(m => m.Kind == component.Kind) > 1;
            var type = ambiguous ? $"{component.Plugin.Name}:{component.Name}" : component.Name;
            AnsiConsole.MarkupLine($"[bold]{ComponentKinds.Section(component.Kind)}: {{ type: {Markup.Escape(type)} }}[/] · {Markup.Escape(component.Plugin.Name)} {Markup.Escape(component.Plugin.Version)}");
            if (component.Description.Length > 0)
            {
                AnsiConsole.WriteLine(component.Description);
            }

            WriteOptions(component.OptionsType, null);
        }

        return ExitCodes.Success;
    }

    /// <summary>The options of <paramref name="type"/> as a table; with a <paramref name="prefix"/>, a nested engine section points to its own description.</summary>
    private static void WriteOptions(Type type, string? prefix)
    {
        var defaults = Activator.CreateInstance(type)!;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("key", "type", "default", "range", "description");
        foreach (var option in OptionsSchema.For(type).Options)
        {
            var range = option.Range is { } r ? $"{OptionDescriptor.Format(r.Minimum)} .. {OptionDescriptor.Format(r.Maximum)}" : "";
            var value = option.IsNested && prefix is not null ? $"see simlap describe {prefix}{option.Key}" : option.Property.GetValue(defaults) is { } given ? OptionDescriptor.Format(given) : "unset";
            table.AddRow(option.Key, Markup.Escape(option.TypeName), Markup.Escape(value), range, Markup.Escape(option.Description));
        }

        if (table.Rows.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]no options besides type[/]");
        }
        else
        {
            TableOutput.Write(table);
        }
    }

    /// <summary>The component name.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The YAML name of the component.</summary>
        [CommandArgument(0, "<component>")]
        [Description("The component's YAML name, e.g. simlap-gate; or an engine section: experiment, train, train.optimizer, checkpoint, tracking.")]
        public string Component { get; set; } = "";
    }
}
