using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap plugins [experiment.yaml]</c>: the installed plugins (path, version, contracts version, SHA-256), the ones
/// that failed to load with the reason, and every component; with an experiment, the plugins it loads (its
/// <c>plugins.paths</c> too, its <c>plugins.pin</c> checked).
/// </summary>
public sealed class PluginsCommand(ILoggerFactory loggers) : Command<PluginsCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var catalog = settings.Experiment is { } experiment
            ? ExperimentResolver.Load(experiment, [], logger).Catalog
            : PluginLoading.LoadAll([], logger);
        var plugins = new Table().Border(TableBorder.Rounded).AddColumns("plugin", "version", "contracts", "sha-256", "path");
        foreach (var plugin in catalog.Plugins)
        {
            plugins.AddRow(Markup.Escape(plugin.Name), Markup.Escape(plugin.Version), $"{plugin.ContractsVersion.Major}.{plugin.ContractsVersion.Minor}", plugin.Sha256[..16], Markup.Escape(plugin.Path));
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
        foreach (var shared in catalog.Components.GroupBy(c => (c.Kind, c.Name)).Where(g => g.Count() > 1))
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ComponentKinds.Section(shared.Key.Kind))} type '{Markup.Escape(shared.Key.Name)}' is registered by {shared.Count()} plugins; an experiment must name one: {Markup.Escape(string.Join(" or ", shared.Select(c => $"{c.Plugin.Name}:{c.Name}")))}.[/]");
        }

        // Full hashes, unwrapped, ready for plugins.pin.
        Console.Out.WriteLine("SHA-256 of each plugin's DLL (pin one in an experiment with plugins: { pin: { <plugin>: <sha-256> } }):");
        foreach (var plugin in catalog.Plugins)
        {
            Console.Out.WriteLine($"  {plugin.Name}: {plugin.Sha256}");
        }

        AnsiConsole.MarkupLine("[grey]simlap describe <type> shows a component's options.[/]");
        return ExitCodes.Success;
    }

    /// <summary>An optional experiment whose plugins to list.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The experiment file, or null for the plugins beside the host and on SIMLAP_PLUGIN_PATH.</summary>
        [CommandArgument(0, "[experiment]")]
        [Description("An experiment file: list the plugins it loads (its plugins.paths too) and check its plugins.pin.")]
        public string? Experiment { get; set; }
    }
}
