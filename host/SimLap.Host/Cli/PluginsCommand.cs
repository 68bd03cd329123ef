using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Host.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap plugins [experiment.yaml] [--manifest PLUGIN]</c>: the installed plugins (path, version, contracts version,
/// the SHA-256 of the plugin's folder to pin), the ones that failed to load with the reason, and every component (a broken
/// one with what is wrong with it); with an
/// experiment, the plugins it loads (its <c>plugins.paths</c> too, its <c>plugins.pin</c> checked). <c>--manifest</c>
/// prints only a plugin's per-file manifest (sha256sum lines), to pin as a file.
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
        foreach (var plugin in catalog.Plugins)
        {
            PluginManifestCache.Remember(plugin.Manifest);
        }

        if (settings.Manifest is { } name)
        {
            return PrintManifest(catalog, name);
        }

        var plugins = new Table().Border(TableBorder.Rounded).AddColumns("plugin", "version", "contracts", "sha-256", "path");
        foreach (var plugin in catalog.Plugins)
        {
            plugins.AddRow(Markup.Escape(plugin.Name), Markup.Escape(plugin.Version), $"{plugin.ContractsVersion.Major}.{plugin.ContractsVersion.Minor}", plugin.Sha256[..16], Markup.Escape(plugin.Path));
        }

        foreach (var failure in catalog.Failures)
        {
            plugins.AddRow($"[red]{Markup.Escape(failure.Name)}[/]", "[red]not loaded[/]", "", "", Markup.Escape($"{failure.Path}: {failure.Reason}"));
        }

        TableOutput.Write(plugins);
        var components = new Table().Border(TableBorder.Rounded).AddColumns("section", "type", "plugin", "description");
        foreach (var component in catalog.Components.OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            components.AddRow(ComponentKinds.Section(component.Kind), component.Name, component.Plugin.Name, Markup.Escape(component.Description));
        }

        foreach (var broken in catalog.Broken)
        {
            var section = broken.Kind is { } kind ? ComponentKinds.Section(kind) : "?";
            components.AddRow(section, $"[red]{Markup.Escape(broken.Name)}[/]", broken.Plugin.Name, $"[red]broken:[/] {Markup.Escape($"{broken.ImplementationType.FullName} {broken.Reason}")}");
        }

        TableOutput.Write(components);
        foreach (var shared in catalog.Components.GroupBy(c => (c.Kind, c.Name)).Where(g => g.Count() > 1))
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ComponentKinds.Section(shared.Key.Kind))} type '{Markup.Escape(shared.Key.Name)}' is registered by {shared.Count()} plugins; an experiment must name one: {Markup.Escape(string.Join(" or ", shared.Select(c => $"{c.Plugin.Name}:{c.Name}")))}.[/]");
        }

        // The sentence wraps between words; the hashes below stay whole, one line each, ready for plugins.pin.
        AnsiConsole.MarkupLine(Markup.Escape("SHA-256 of each plugin's folder, every file in it (pin one in an experiment with plugins: { pin: { <plugin>: <sha-256> } }; --manifest <plugin> lists the files):"));
        foreach (var plugin in catalog.Plugins)
        {
            Console.Out.WriteLine($"  {plugin.Name}: {plugin.Sha256}");
        }

        AnsiConsole.MarkupLine("[grey]simlap describe <type> shows a component's options.[/]");
        return ExitCodes.Success;
    }

    private static int PrintManifest(ComponentCatalog catalog, string name)
    {
        if (catalog.Plugins.FirstOrDefault(p => p.Name == name) is not { } plugin)
        {
            var names = catalog.Plugins.Select(p => p.Name).ToList();
            var failed = catalog.Failures.FirstOrDefault(f => f.Name == name);
            throw new Engine.Configuration.ConfigurationException(failed is not null
                ? $"--manifest {name}: plugin {name} ({failed.Path}) was not loaded: {failed.Reason}"
                : $"--manifest {name}: no plugin {name} is loaded.{Engine.Configuration.Suggest.DidYouMean(name, names)} Loaded: {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
        }

        // Exactly sha256sum's lines, so the output pins as a file and sha256sum -c checks the folder.
        Console.Out.Write(plugin.Manifest.Text);
        return ExitCodes.Success;
    }

    /// <summary>An optional experiment whose plugins to list.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The experiment file, or null for the plugins beside the host and on SIMLAP_PLUGIN_PATH.</summary>
        [CommandArgument(0, "[experiment]")]
        [Description("An experiment file: list the plugins it loads (its plugins.paths too) and check its plugins.pin.")]
        public string? Experiment { get; set; }

        /// <summary>A plugin whose per-file manifest to print instead of the tables.</summary>
        [CommandOption("--manifest <PLUGIN>")]
        [Description("Print only this plugin's manifest: one 'sha-256  relative path' line per file of its folder (as sha256sum writes; save it next to the experiment and pin it: plugins.pin: { PLUGIN: PLUGIN.sha256 }).")]
        public string? Manifest { get; set; }
    }
}
