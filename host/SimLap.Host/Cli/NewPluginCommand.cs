using System.ComponentModel;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using SimLap.Contracts;
using SimLap.Contracts.Data;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap new plugin &lt;Name&gt;</c>: writes a compiling plugin project (an example loss and its options class), an
/// xunit test project, an experiment using the loss and a README, against this host's contracts and TorchSharp versions.
/// </summary>
public sealed partial class NewPluginCommand : Command<NewPluginCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var name = settings.Name;
        if (!PluginName().IsMatch(name))
        {
            throw new ConfigurationException($"'{name}' is not a plugin name: use a .NET assembly name such as Acme.SimLap.Losses (letters, digits and '_', in parts separated by '.', none starting with a digit).");
        }

        var output = Path.GetFullPath(settings.Output ?? name);
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new ConfigurationException($"'{output}' already exists and is not empty; choose another --output.");
        }

        string? feed = null;
        if (settings.Feed is { } feedOption)
        {
            feed = Path.GetFullPath(feedOption);
            if (!Directory.Exists(feed))
            {
                throw new ConfigurationException($"--feed '{feed}' does not exist. Pack the contracts into it first: dotnet pack contracts/SimLap.Contracts -c Release -o {feed}");
            }
        }

        var contracts = settings.ContractsVersion ?? (feed is not null ? ContractsInFeed(feed) : null) ?? HostContractsVersion();
        if (MajorOf(contracts) is { } major && major != ContractsVersion.Major)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] SimLap.Contracts {Markup.Escape(contracts)} is not major version {ContractsVersion.Major}: this host (contracts {ContractsVersion.Text}) will refuse the plugin.");
        }

        var (libtorchPackage, libtorchVersion) = LibTorch();
        var values = new Dictionary<string, string>
        {
            ["$NAME$"] = name,
            ["$CONTRACTS$"] = contracts,
            ["$TORCHSHARP$"] = TorchSharpVersion(),
            ["$LIBTORCH_PACKAGE$"] = libtorchPackage,
            ["$LIBTORCH$"] = libtorchVersion,
            ["$FEED$"] = feed ?? "",
        };
        var files = NewPluginTemplates.Files(name, feed is not null);
        foreach (var (relative, template) in files)
        {
            var text = values.Aggregate(template, (current, pair) => current.Replace(pair.Key, pair.Value, StringComparison.Ordinal));
            var path = Path.Combine(output, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }

        AnsiConsole.MarkupLine($"Created plugin [bold]{Markup.Escape(name)}[/] in {Markup.Escape(output)} (SimLap.Contracts {Markup.Escape(contracts)}, TorchSharp {Markup.Escape(values["$TORCHSHARP$"])}{(feed is not null ? $", feed {Markup.Escape(feed)}" : "")}):");
        foreach (var (relative, _) in files)
        {
            AnsiConsole.WriteLine($"  {relative}");
        }

        AnsiConsole.MarkupLine("Next: [bold]dotnet build && dotnet test[/] in that folder, then see its README.md to install the plugin.");
        return ExitCodes.Success;
    }

    /// <summary>The host's contracts package version (the SimLap.Contracts assembly's informational version).</summary>
    public static string HostContractsVersion() =>
        typeof(IDataset).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? $"{ContractsVersion.Major}.{ContractsVersion.Minor}.0";

    /// <summary>The newest SimLap.Contracts package in <paramref name="feed"/> of this host's major version (else the newest), or null.</summary>
    public static string? ContractsInFeed(string feed)
    {
        const string prefix = "SimLap.Contracts.";
        var versions = Directory.EnumerateFiles(feed, prefix + "*.nupkg")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => !f.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".snupkg", StringComparison.OrdinalIgnoreCase))
            .Select(f => f[prefix.Length..^".nupkg".Length])
            .Where(v => MajorOf(v) is not null)
            .ToList();
        var compatible = versions.Where(v => MajorOf(v) == ContractsVersion.Major).ToList();
        return (compatible.Count > 0 ? compatible : versions).OrderBy(v => v, Comparer<string>.Create(CompareVersions)).LastOrDefault();
    }

    private static int? MajorOf(string version) => int.TryParse(version.Split('.')[0], out var major) ? major : null;

    private static int CompareVersions(string a, string b)
    {
        static (Version Core, string Pre) Parse(string v)
        {
            var dash = v.IndexOf('-', StringComparison.Ordinal);
            var core = dash < 0 ? v : v[..dash];
            return (Version.TryParse(core, out var parsed) ? parsed : new Version(0, 0), dash < 0 ? "" : v[(dash + 1)..]);
        }

        var (coreA, preA) = Parse(a);
        var (coreB, preB) = Parse(b);
        var byCore = coreA.CompareTo(coreB);
        if (byCore != 0)
        {
            return byCore;
        }

        // A release sorts after its pre-releases.
        return (preA.Length == 0, preB.Length == 0) switch
        {
            (true, false) => 1,
            (false, true) => -1,
            _ => string.CompareOrdinal(preA, preB),
        };
    }

    private static string TorchSharpVersion()
    {
        var informational = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        if (informational is not null && Version.TryParse(informational.Split('-')[0], out _))
        {
            return informational;
        }

        var version = typeof(torch).Assembly.GetName().Version ?? new Version(0, 0, 0);
        return $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}";
    }

    private static (string Package, string Version) LibTorch()
    {
        var text = typeof(PluginLoading).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LibTorchPackage")?.Value;
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : ("libtorch-cpu-linux-x64", "2.10.0");
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex PluginName();

    /// <summary>The plugin's name and where to write it.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The plugin's name: its assembly, DLL, folder and root namespace.</summary>
        [CommandArgument(0, "<name>")]
        [Description("The plugin's name: its assembly, DLL and folder name and root namespace, e.g. Acme.SimLap.Losses.")]
        public string Name { get; set; } = "";

        /// <summary>The folder to create.</summary>
        [CommandOption("-o|--output <DIR>")]
        [Description("The folder to create (default: ./<name>); it must not exist or be empty.")]
        public string? Output { get; set; }

        /// <summary>A local NuGet feed holding the SimLap.Contracts package.</summary>
        [CommandOption("--feed <DIR>")]
        [Description("A folder holding SimLap.Contracts.<version>.nupkg (dotnet pack contracts/SimLap.Contracts -o DIR); written into nuget.config, and its newest contracts of this host's major version is used.")]
        public string? Feed { get; set; }

        /// <summary>The SimLap.Contracts package version to reference.</summary>
        [CommandOption("--contracts-version <VERSION>")]
        [Description("The SimLap.Contracts package version to reference (default: the newest in --feed, else this host's).")]
        public string? ContractsVersion { get; set; }
    }
}
