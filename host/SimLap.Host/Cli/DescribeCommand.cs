using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap describe</c>: a component's options with types, defaults, ranges and descriptions.</summary>
public sealed class DescribeCommand(ILoggerFactory loggers) : Command<DescribeCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = PluginLoading.LoadAll([], loggers.CreateLogger("simlap"));
        var matches = catalog.Named(settings.Component).ToList();
        if (matches.Count == 0)
        {
            var names = catalog.Components.Select(c => c.Name).Distinct().Order().ToList();
            throw new ConfigurationException($"no component is named '{settings.Component}'.{Suggest.DidYouMean(settings.Component, names)} Installed: {string.Join(", ", names)}.");
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

            var defaults = Activator.CreateInstance(component.OptionsType)!;
            var table = new Table().Border(TableBorder.Rounded).AddColumns("key", "type", "default", "range", "description");
            foreach (var option in OptionsSchema.For(component.OptionsType).Options)
            {
                var range = option.Range is { } r ? $"{OptionDescriptor.Format(r.Minimum)} .. {OptionDescriptor.Format(r.Maximum)}" : "";
                table.AddRow(option.Key, Markup.Escape(option.TypeName), Markup.Escape(OptionDescriptor.Format(option.Property.GetValue(defaults))), range, Markup.Escape(option.Description));
            }

            if (table.Rows.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no options besides type[/]");
            }
            else
            {
                AnsiConsole.Write(table);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>The component name.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The YAML name of the component.</summary>
        [CommandArgument(0, "<component>")]
        [Description("The component's YAML name, e.g. simlap-gate.")]
        public string Component { get; set; } = "";
    }
}
