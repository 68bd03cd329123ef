using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Orchestration.Cluster;
using SimLap.Host.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SimLap.Host.Cli;

/// <summary>
/// <c>simlap submit</c>: fans a sweep out over a cluster scheduler (a Slurm job array or a Kubernetes Indexed Job),
/// every trial a nested run of one parent created first in the tracking store.
/// </summary>
public sealed class SubmitCommand(ILoggerFactory loggers) : Command<SubmitSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, SubmitSettings settings, CancellationToken cancellationToken)
    {
        var scheduler = Scheduler(settings.To);
        var logger = loggers.CreateLogger("simlap");
        var loaded = ExperimentResolver.Load(settings.File, settings.Overrides, logger);
        var result = new ClusterSubmitter(logger).Submit(loaded, Request(settings, scheduler));
        if (settings.DryRun)
        {
            WriteDryRun(result);
        }
        else
        {
            WriteSubmitted(result, scheduler, settings.TrackingUri);
        }

        return ExitCodes.Success;
    }

    private static SchedulerKind Scheduler(string? to) => to?.Trim().ToLowerInvariant() switch
    {
        "slurm" => SchedulerKind.Slurm,
        "k8s" or "kubernetes" => SchedulerKind.Kubernetes,
        null or "" => throw new ConfigurationException("--to is required: slurm or k8s."),
        var other => throw new ConfigurationException($"--to '{other}' is not a scheduler: use slurm or k8s."),
    };

    private static SubmitRequest Request(SubmitSettings settings, SchedulerKind scheduler) => new()
    {
        Scheduler = scheduler,
        Overrides = settings.Overrides,
        Resources = new TrialResources(settings.CpusPerTrial, settings.GpusPerTrial, settings.Time, settings.Partition),
        MaxParallel = settings.MaxParallel,
        Requeue = settings.Requeue,
        DryRun = settings.DryRun,
        SharedStore = settings.SharedStore,
        Image = settings.Image,
        SecretName = settings.Secret,
        TrackingUri = settings.TrackingUri,
        SimlapCommand = settings.Simlap,
    };

    /// <summary>The script itself, unwrapped, so it can be piped to a file; the notes go to stderr.</summary>
    private static void WriteDryRun(SubmitResult result)
    {
        Console.Out.Write(result.Text);
        Console.Out.Flush();
        foreach (var warning in result.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        Console.Error.WriteLine($"dry run: {result.Submission.Trials} trials, nothing submitted and no run created (the parent run id is a placeholder).");
    }

    /// <summary>What was submitted, and the commands that follow it.</summary>
    private static void WriteSubmitted(SubmitResult result, SchedulerKind scheduler, string? trackingUriOption)
    {
        var submission = result.Submission;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("parent run", submission.ParentRunId);
        grid.AddRow(scheduler == SchedulerKind.Slurm ? "slurm job" : "k8s job", Markup.Escape(result.JobId ?? ""));
        grid.AddRow("trials", $"{submission.Trials.ToString(CultureInfo.InvariantCulture)} (at most {Math.Min(submission.MaxParallel, submission.Trials).ToString(CultureInfo.InvariantCulture)} at once)");
        grid.AddRow("tracking to", Markup.Escape(result.StoreDescription));
        grid.AddRow(scheduler == SchedulerKind.Slurm ? "batch script" : "manifest", Markup.Escape(result.ScriptPath ?? ""));
        TableOutput.Write(grid, "sweep submitted");
        var uri = trackingUriOption is null ? "" : $" --tracking-uri {trackingUriOption}";
        AnsiConsole.MarkupLine("follow it with:");
        AnsiConsole.MarkupLine($"  simlap status {submission.ParentRunId}{Markup.Escape(uri)}");
        if (scheduler == SchedulerKind.Slurm)
        {
            AnsiConsole.MarkupLine($"  squeue -r -j {Markup.Escape(result.JobId ?? "")}");
            AnsiConsole.MarkupLine($"  tail -f {Markup.Escape(Path.Combine(submission.OutputDirectory, $"slurm-{result.JobId}_*.out"))}");
        }
        else
        {
            AnsiConsole.MarkupLine($"  kubectl get pods -l job-name={Markup.Escape(result.JobId ?? "")}");
        }
    }
}
