using System.ComponentModel;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Host.Output;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap sync</c>: delivers the runs spooled while their MLflow server was unreachable (oldest first, each in
/// order, resuming after the last acknowledged record), then marks each spool done.
/// </summary>
public sealed class SyncCommand(ILoggerFactory loggers) : Command<SyncCommand.Settings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var root = settings.Spool is { Length: > 0 } spool ? Path.GetFullPath(spool) : MlflowRestOptions.DefaultSpoolDirectory(null);
        var clients = new Dictionary<string, MlflowRestClient>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var results = SpoolReplayer.ReplayAll(root, header => ClientFor(header, settings, clients, logger), logger, cancellationToken);
            if (results.Count == 0)
            {
                AnsiConsole.MarkupLine($"nothing to sync in {Markup.Escape(root)}");
                return ExitCodes.Success;
            }

            TableOutput.Write(ResultTable(results));
            foreach (var result in results)
            {
                foreach (var problem in result.Problems)
                {
                    AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(Path.GetFileName(result.SpoolDirectory))}:[/] {Markup.Escape(problem)}");
                }
            }

            var pending = results.Count(r => !r.Done && !r.Busy);
            AnsiConsole.MarkupLine($"{results.Count(r => r.Done)} of {results.Count} spooled runs delivered{(pending > 0 ? $"; run simlap sync again when the server is reachable ({pending} pending)" : string.Empty)}.");
            return pending > 0 ? ExitCodes.RunFailed : ExitCodes.Success;
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The client of the server a spool goes to (<c>--tracking-uri</c>, else the one it was written for), one per server.</summary>
    private static MlflowRestClient ClientFor(SpoolHeader header, Settings settings, Dictionary<string, MlflowRestClient> clients, ILogger logger)
    {
        var uri = settings.TrackingUri is { Length: > 0 } overridden ? overridden : header.TrackingUri;
        if (!clients.TryGetValue(uri, out var client))
        {
            clients[uri] = client = new MlflowRestClient(TrackingSelection.ServerOptions(uri), logger);
        }

        return client;
    }

    /// <summary>One row per spool: its run, the server's run id, how many records were delivered and are left, its state.</summary>
    private static Table ResultTable(IEnumerable<SpoolReplayResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("spool", "run", "server run id", "delivered", "left", "state");
        foreach (var result in results)
        {
            var state = result.Done ? "[green]done[/]"
                : result.Busy ? "[yellow]busy[/]"
                : "[red]pending[/]";
            table.AddRow(
                Markup.Escape(Path.GetFileName(result.SpoolDirectory)),
                Markup.Escape(result.RunName),
                Markup.Escape(result.RunId ?? "-"),
                result.Delivered.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture),
                state);
        }

        return table;
    }

    /// <summary>Arguments of <c>simlap sync</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The spool root.</summary>
        [CommandOption("--spool <DIR>")]
        [Description("The spool folder (default: $SIMLAP_SPOOL_DIR, else ./.simlap-spool).")]
        public string? Spool { get; set; }

        /// <summary>A server to deliver to instead of the one each spool was written for.</summary>
        [CommandOption("--tracking-uri <URI>")]
        [Description("Deliver to this MLflow server instead of the one each run was logging to.")]
        public string? TrackingUri { get; set; }
    }
}
