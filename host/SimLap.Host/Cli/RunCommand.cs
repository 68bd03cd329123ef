using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Engine.Running;
using SimLap.Host.Output;
using SimLap.Host.Reports;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary><c>simlap run</c>: resolves, trains, evaluates, tracks and prints a summary; runs every trial of a sweep.</summary>
public sealed class RunCommand(ILoggerFactory loggers) : Command<RunSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("simlap");
        var loaded = ExperimentResolver.Load(settings.File, Overrides(settings), logger);
        if (settings.ListTrials)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("trial", "overrides");
            foreach (var trial in loaded.Trials)
            {
                table.AddRow(trial.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(trial.Label.Length == 0 ? "(none)" : trial.Label));
            }

            TableOutput.Write(table);
            return ExitCodes.Success;
        }

        var trials = loaded.Trials;
        if (settings.Trial is { } index)
        {
            if (index < 0 || index >= trials.Count)
            {
                throw new ConfigurationException($"--trial {index}: '{settings.File}' has {trials.Count} trial(s), numbered 0..{trials.Count - 1} (see --list-trials).");
            }

            trials = [trials[index]];
        }

        var first = loaded.Bind(trials[0]);
        // The data check validate makes, with the same messages: a missing or malformed data set stops here, before a run is started.
        DataPreflight.Check(loaded, trials[0], first, loggers);
        var backend = TrackingSelection.Backend(TrackingSelection.Uri(settings.TrackingUri, first.Options.Tracking.Uri), logger);
        if (backend is IResumableBackend { LocalRoot: not null } local)
        {
            // Cheap (only RUNNING runs are looked at): runs whose process died (kill -9, out of memory) are marked KILLED.
            new StaleRunSweeper(local, OwnerLiveness.ForThisMachine(), logger).Sweep();
        }

        if (!loaded.IsSweep || settings.Resume is not null)
        {
            if (loaded.IsSweep && settings.Trial is null)
            {
                throw new ConfigurationException("--resume continues one run: add --trial I to say which trial of the sweep it is.");
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(first.Options.Name)}[/] · tracking to {Markup.Escape(backend.Description)}");
            var resume = settings.Resume is null ? null : ResumePoint.Resolve(settings.Resume, first.Options, backend.LocalRoot, logger);
            var summary = ProgressDisplay.Run(settings.Quiet, progress => new ExperimentRunner(backend, loggers, progress) { ExtendEpochs = settings.ExtendEpochs is not null }.Run(first, cancellationToken, resume));
            Write(summary);
            return ExitCodes.Success;
        }

        var parent = Environment.GetEnvironmentVariable(SweepRunner.ParentRunVariable);
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(first.Options.Name)}[/] · sweep of {loaded.Trials.Count} trials{(settings.Trial is null ? "" : $", running trial {settings.Trial}")} · tracking to {Markup.Escape(backend.Description)}");
        var outcomes = new SweepRunner(backend, () => new ExperimentRunner(backend, loggers, ProgressDisplay.Create(settings.Quiet)), logger) { Plot = ComparePlot.SaveInto }
            .Run(loaded, trials, string.IsNullOrWhiteSpace(parent) ? null : parent, cancellationToken);
        WriteSweep(outcomes);
        var failed = outcomes.Count(o => o.Error is not null);
        return Math.Min(failed, 100);
    }

    /// <summary>The overrides, with <c>--extend-epochs N</c> as <c>train.epochs=N</c>.</summary>
    private static string[] Overrides(RunSettings settings)
    {
        if (settings.ExtendEpochs is not { } total)
        {
            return settings.Overrides;
        }

        if (settings.Resume is null)
        {
            throw new ConfigurationException($"--extend-epochs {total} trains a run for more epochs: name the run with --resume RUN (a new run takes --set train.epochs={total}).");
        }

        if (settings.Overrides.Any(o => o.Split('=', 2)[0].Trim() == ResumeCheck.EpochsKey))
        {
            throw new ConfigurationException($"--extend-epochs {total} sets {ResumeCheck.EpochsKey}: leave out --set {ResumeCheck.EpochsKey}=...");
        }

        return [.. settings.Overrides, $"{ResumeCheck.EpochsKey}={total.ToString(CultureInfo.InvariantCulture)}"];
    }

    private static void Write(RunSummary summary)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("run id", summary.RunId);
        grid.AddRow("logged to", Markup.Escape(summary.Location));
        grid.AddRow("steps", summary.Steps.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("training time", $"{summary.TrainSeconds:F1} s");
        grid.AddRow("final loss (mean of the last epoch)", summary.FinalLoss.ToString("F4", CultureInfo.InvariantCulture));
        foreach (var (key, value) in summary.Evaluation.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            grid.AddRow(Markup.Escape(key), value.ToString("F2", CultureInfo.InvariantCulture));
        }

        TableOutput.Write(grid, "run finished");
    }

    private static void WriteSweep(IReadOnlyList<TrialOutcome> outcomes)
    {
        var metrics = outcomes.SelectMany(o => o.Summary?.Evaluation.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumns(["trial", "overrides", "status", "run id", "final loss (last epoch mean)", .. metrics]);
        foreach (var outcome in outcomes)
        {
            var summary = outcome.Summary;
            table.AddRow([
                outcome.Trial.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(outcome.Trial.Label),
                summary is null ? "[red]failed[/]" : "[green]finished[/]",
                summary?.RunId ?? "",
                summary?.FinalLoss.ToString("F4", CultureInfo.InvariantCulture) ?? Markup.Escape(outcome.Error ?? ""),
                .. metrics.Select(m => summary is not null && summary.Evaluation.TryGetValue(m, out var v) ? v.ToString("F2", CultureInfo.InvariantCulture) : ""),
            ]);
        }

        TableOutput.Write(table);
        var failed = outcomes.Count(o => o.Error is not null);
        AnsiConsole.MarkupLine(failed == 0 ? $"[green]all {outcomes.Count} trials finished[/]" : $"[red]{failed} of {outcomes.Count} trials failed[/] (the exit code is the number of failed trials)");
    }
}
