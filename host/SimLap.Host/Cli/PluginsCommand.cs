using Microsoft.Extensions.Logging;
using SimLap.Engine.Plugins;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap plugins</c>: the installed plugins and their components.</summary>
public sealed class PluginsCommand(ILoggerFactory loggers) : Command<PluginsCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = PluginLoading.LoadAll([], loggers.CreateLogger("simlap"));
        var plugins = new Table().Border(TableBorder.Rounded).AddColumns("plugin", "version", "contracts", "sha-256", "path");
        foreach (var plugin in catalog.Plugins)
        {
            plugins.AddRow(plugin.Name, plugin.Version, $"{plugin.ContractsVersion.Major}.{plugin.ContractsVersion.Minor}", plugin.Sha256[..16], Markup.Escape(plugin.Path));
        }

        foreach (var failure in catalog.Failures)
        {
            plugins.AddRow($"[red]{Markup.Escape(failure.Name)}[/]", "[red]not loaded[/]", "", "", Markup.Escape($"{failure.Path}: {failure.Reason}"));
        }

        AnsiConsole.Write(plugins);
        var components = new Table().Border(TableBorder.Rounded).AddColumns("section", "type", "plugin", "description");
        foreach (var component in catalog.Components.OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            components.AddRow(ComponentKinds.Section(component.Kind), component.Name, component.Plugin.Name, Markup.Escape(component.Description));
        }

        AnsiConsole.Write(components);
        AnsiConsole.MarkupLine("[grey]simlap describe <type> shows a component's options.[/]");
        return ExitCodes.Success;
    }

    /// <summary>No arguments.</summary>
    public sealed class Settings : CommandSettings
    {
    }
}
