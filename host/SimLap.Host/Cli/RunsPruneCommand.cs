using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap runs prune</c>: lists (by default) or deletes (<c>--yes</c>) the checkpoint folders of runs the store no
/// longer has, deleted or gone, with their sizes (<see cref="CheckpointPruner"/>).
/// </summary>
public sealed class RunsPruneCommand(ILoggerFactory loggers) : Command<RunsPruneSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunsPruneSettings settings, CancellationToken cancellationToken)
    {
        var home = Home(settings.CheckpointDir);
        var backend = RunStores.Open(settings.TrackingUri, loggers.CreateLogger("simlap"));
        try
        {
            var plan = CheckpointPruner.Plan(home, backend, settings.Experiment);
            Write(plan, settings.Yes);
            if (settings.Yes && plan.Remove.Count > 0)
            {
                var freed = CheckpointPruner.Delete(plan);
                AnsiConsole.MarkupLine($"removed {plan.Remove.Count.ToString(CultureInfo.InvariantCulture)} checkpoint folder(s), {CheckpointPruner.FormatSize(freed)} freed.");
            }

            return ExitCodes.Success;
        }
        finally
        {
            (backend as IDisposable)?.Dispose();
        }
    }

    /// <summary>The checkpoint home to look in; an explicit one must be an existing folder.</summary>
    private static string Home(string? dir)
    {
        var home = CheckpointHome.Resolve(dir);
        if (dir is null)
        {
            return home;
        }

        if (File.Exists(home))
        {
            throw new ConfigurationException($"--checkpoint-dir {dir}: '{home}' is a file; give the checkpoint home, the folder holding <experiment>/<run id> folders (a run's checkpoint.dir).");
        }

        if (!Directory.Exists(home))
        {
            throw new ConfigurationException($"--checkpoint-dir {dir}: there is no folder '{home}'; give the checkpoint home the runs used (their checkpoint.dir), or leave the option out for the default {CheckpointHome.Default()}.");
        }

        return home;
    }

    private static void Write(PrunePlan plan, bool deleting)
    {
        AnsiConsole.MarkupLine($"checkpoint home {Markup.Escape(plan.Home)}, runs looked up in {Markup.Escape(plan.Store)}");
        if (plan.Remove.Count == 0)
        {
            AnsiConsole.MarkupLine("nothing to prune: every checkpoint folder of this store belongs to a run it still has.");
        }
        else
        {
            AnsiConsole.MarkupLine($"{(deleting ? "removing" : "would remove")} {plan.Remove.Count.ToString(CultureInfo.InvariantCulture)} checkpoint folder(s) of runs deleted or gone from the store, {CheckpointPruner.FormatSize(plan.Bytes)}:");
            foreach (var candidate in plan.Remove)
            {
                AnsiConsole.MarkupLine($"  {Markup.Escape(candidate.Relative)}  {CheckpointPruner.FormatSize(candidate.Bytes)}");
            }
        }

        AnsiConsole.MarkupLine($"kept: {plan.Kept.ToString(CultureInfo.InvariantCulture)} folder(s) of runs the store has");
        foreach (var store in plan.OtherStores.GroupBy(m => m.Store, StringComparer.Ordinal))
        {
            AnsiConsole.MarkupLine($"kept: {store.Count().ToString(CultureInfo.InvariantCulture)} folder(s) of runs logged to {Markup.Escape(store.Key)} (prune them with --tracking-uri {Markup.Escape(store.Key)})");
        }

        if (plan.Unmarked.Count > 0)
        {
            AnsiConsole.MarkupLine($"kept: {plan.Unmarked.Count.ToString(CultureInfo.InvariantCulture)} folder(s) without a {CheckpointHome.MarkerFileName} naming their run and store");
        }

        if (!deleting && plan.Remove.Count > 0)
        {
            AnsiConsole.MarkupLine("dry run: nothing was deleted; pass --yes to delete the folders listed.");
        }
    }
}
