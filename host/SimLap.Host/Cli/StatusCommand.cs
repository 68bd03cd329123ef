using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Orchestration.Cluster;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Host.Output;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap status</c>: each trial of a submitted sweep (queued / running / finished / failed / killed), from the
/// tracking store (the parent's children) and, when its client is on PATH, the scheduler (<c>scontrol show job</c>).
/// </summary>
public sealed class StatusCommand(ILoggerFactory loggers) : Command<StatusSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var uri = TrackingSelection.Uri(settings.TrackingUri, null);
        var store = SweepStores.Open(uri, logger, mustExist: true);
        var parent = store.FindRun(settings.ParentRunId.Trim())
            ?? throw new ConfigurationException($"there is no run '{settings.ParentRunId}' in the tracking store {store.Description} (pass --tracking-uri, or run this where the sweep was submitted).");
        var children = store.Children(parent.RunId);
        var scheduler = parent.Tags.GetValueOrDefault(SweepTags.ClusterScheduler);
        var jobId = parent.Tags.GetValueOrDefault(SweepTags.ClusterJobId);
        var tasks = scheduler == "slurm" && !string.IsNullOrEmpty(jobId) ? SlurmClient.Tasks(jobId) : null;
        var status = SweepStatus.Build(parent, children, tasks);

        AnsiConsole.MarkupLine(
            $"sweep [bold]{Markup.Escape(parent.RunName)}[/] · parent run {parent.RunId} ({Markup.Escape(parent.Status)})"
            + (jobId is null ? "" : $" · {Markup.Escape(scheduler ?? "")} job {Markup.Escape(jobId)}")
            + $" · {Markup.Escape(store.Description)}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("trial").AddColumn("state").AddColumn(new TableColumn("run id").NoWrap()).AddColumn("scheduler").AddColumn("overrides");
        foreach (var trial in status.Trials)
        {
            table.AddRow(
                trial.Index.ToString(CultureInfo.InvariantCulture),
                Colour(trial.State),
                trial.RunId ?? "",
                trial.Task is null ? "" : Markup.Escape($"{trial.Task.State}{(trial.Task.Restarts > 0 ? $" (requeued {trial.Task.Restarts}x)" : "")}"),
                Markup.Escape(trial.Label));
        }

        TableOutput.Write(table);
        var summary = new Table().Border(TableBorder.Rounded).AddColumns("state", "trials");
        foreach (var (state, count) in status.Counts)
        {
            summary.AddRow(Name(state), count.ToString(CultureInfo.InvariantCulture));
        }

        summary.AddRow("[bold]total[/]", status.Trials.Count.ToString(CultureInfo.InvariantCulture));
        TableOutput.Write(summary);
        var source = tasks is not null ? "tracking store and Slurm" : scheduler == "slurm" ? "tracking store only (Slurm does not know the job, or scontrol is not on PATH)" : "tracking store only";
        AnsiConsole.MarkupLine($"{(status.IsDone ? "done" : "in progress")}: {string.Join(", ", status.Counts.Where(c => c.Value > 0).Select(c => $"{c.Value.ToString(CultureInfo.InvariantCulture)} {Name(c.Key)}"))} (from the {Markup.Escape(source)})");
        return ExitCodes.Success;
    }

    private static string Name(TrialState state) => state.ToString().ToLowerInvariant();

    private static string Colour(TrialState state) => state switch
    {
        TrialState.Finished => "[green]finished[/]",
        TrialState.Failed => "[red]failed[/]",
        TrialState.Killed => "[yellow]killed[/]",
        TrialState.Running => "[blue]running[/]",
        _ => "queued",
    };
}
