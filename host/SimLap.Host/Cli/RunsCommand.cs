using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Running;
using SimLap.Host.Output;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap runs</c>: lists a store's runs (id, name, status, start, owner) after marking the RUNNING runs whose
/// owner process is gone as KILLED, with the reason in <c>simlap.error</c>. <c>simlap runs prune</c> is <see cref="RunsPruneCommand"/>.
/// </summary>
public sealed class RunsCommand(ILoggerFactory loggers) : Command<RunsSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunsSettings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        if (settings.StaleMinutes is <= 0)
        {
            throw new ConfigurationException($"--stale-minutes {settings.StaleMinutes}: give a positive number of minutes (the heartbeat comes every {RunLease.HeartbeatPeriod.TotalSeconds:0} s).");
        }

        var backend = RunStores.Open(settings.TrackingUri, logger);
        try
        {
            var liveness = OwnerLiveness.ForThisMachine(settings.StaleMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null);
            var killed = new StaleRunSweeper(backend, liveness, null).Sweep(settings.Experiment)
                .ToDictionary(k => k.Run.RunId, k => k.Reason, StringComparer.Ordinal);
            var runs = backend.ListRuns(settings.Experiment, runningOnly: false).OrderByDescending(r => r.StartTime ?? 0).ToList();
            Write(backend.Description, runs, killed);
            return ExitCodes.Success;
        }
        finally
        {
            (backend as IDisposable)?.Dispose();
        }
    }

    private static void Write(string store, IReadOnlyList<StoredRun> runs, IReadOnlyDictionary<string, string> killed)
    {
        if (Console.IsOutputRedirected)
        {
            // A file or a pipe has no width: do not wrap run ids and names into 80 columns.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        }

        AnsiConsole.MarkupLine($"{runs.Count.ToString(CultureInfo.InvariantCulture)} run(s) in {Markup.Escape(store)}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("run id").NoWrap()).AddColumn("name").AddColumn(new TableColumn("status").NoWrap())
            .AddColumn(new TableColumn("start (UTC)").NoWrap()).AddColumn("owner");
        foreach (var run in runs)
        {
            var owner = RunOwner.FromTags(run.Tags);
            table.AddRow(
                run.RunId,
                Markup.Escape(run.RunName),
                Status(run.Status),
                run.StartTime is { } start ? DateTimeOffset.FromUnixTimeMilliseconds(start).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
                owner is null ? "" : Markup.Escape($"{owner.Host}:{owner.Pid.ToString(CultureInfo.InvariantCulture)}"));
        }

        TableOutput.Write(table);
        foreach (var run in runs.Where(r => r.Status == RunStatus.Running && RunOwner.FromTags(r.Tags) is not null))
        {
            var beat = RunOwner.Heartbeat(run.Tags) is { } b ? RunOwner.FormatTime(b) : "none";
            AnsiConsole.MarkupLine($"run {run.RunId} is RUNNING, owned by {Markup.Escape(RunOwner.FromTags(run.Tags)!.ToString())}, last heartbeat {beat}.");
        }

        foreach (var (runId, reason) in killed)
        {
            AnsiConsole.MarkupLine($"run {runId} was left RUNNING and is now marked KILLED: {Markup.Escape(reason)}; resume it with --resume {runId}.");
        }
    }

    private static string Status(RunStatus status) => status switch
    {
        RunStatus.Finished => "[green]FINISHED[/]",
        RunStatus.Failed => "[red]FAILED[/]",
        RunStatus.Killed => "[yellow]KILLED[/]",
        RunStatus.Running => "[blue]RUNNING[/]",
        _ => status.ToString().ToUpperInvariant(),
    };
}
