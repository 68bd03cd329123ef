using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Engine.Training;
using SimLap.Host.Cli;
using SimLap.Host.Output;
using SimLap.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

var verbose = args.Contains("--verbose") || args.Contains("-v");
args = args.Where(a => a is not "--verbose" and not "-v").ToArray();

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss ";
});
builder.Logging.AddSecretRedaction();
builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);

SimLap.Host.Output.ConsoleWidth.Apply();
var app = new CommandApp(new TypeRegistrar(builder.Services));
app.Configure(config =>
{
    config.SetApplicationName("simlap");
    config.PropagateExceptions();

    // An unknown option is an error, not silently left over (`--tracking-ur DIR` must not run into ./mlruns).
    config.Settings.StrictParsing = true;
    config.AddCommand<RunCommand>("run").WithDescription("Train and evaluate an experiment, tracked in MLflow.")
        .WithExample("run", "experiments/quickstart.yaml", "--set", "head.type=open");
    config.AddCommand<ValidateCommand>("validate").WithDescription("Resolve and check an experiment without training.");
    config.AddCommand<PluginsCommand>("plugins").WithDescription("List installed plugins and their components.");
    config.AddCommand<DescribeCommand>("describe").WithDescription("Show a component's options, defaults and ranges.");
    config.AddCommand<SyncCommand>("sync").WithDescription("Deliver runs spooled while the MLflow server was unreachable.");
    config.AddCommand<CompareCommand>("compare").WithDescription("Compare an experiment's runs: a metric's mean ± std per group of params.")
        .WithExample("compare", "--experiment", "quickstart", "--by", "loss.type,pairs.type", "--format", "markdown");
    config.AddCommand<ReportCommand>("report").WithDescription("Write a Markdown report of an experiment's runs: tables (mean ± std, n), bar charts, few-shot and corruption curves.")
        .WithExample("report", "--experiment", "quickstart", "--by", "loss.type", "--out", "report.md");
    config.AddCommand<ExportCommand>("export").WithDescription("Write a run's trained backbone to a file.");
    config.AddBranch("new", branch => branch.AddCommand<NewPluginCommand>("plugin").WithDescription("Scaffold a plugin: an example loss, its options, a test project, an experiment and a README.").WithExample("new", "plugin", "Acme.Losses", "--feed", "./feed"));
    config.AddCommand<SubmitCommand>("submit").WithDescription("Fan a sweep out over a cluster scheduler (Slurm job array, Kubernetes Indexed Job).")
        .WithExample("submit", "experiments/ablations/gate.yaml", "--to", "slurm", "--max-parallel", "4", "--tracking-uri", "http://mlflow.lab:5000");
    config.AddCommand<StatusCommand>("status").WithDescription("Each trial's state of a submitted sweep, from the tracking store and the scheduler.");
    config.AddBranch("runs", runs =>
    {
        runs.SetDescription("List a store's runs with their owners; runs left RUNNING by a process that is gone are marked KILLED.");
        runs.SetDefaultCommand<RunsCommand>();
        runs.AddCommand<RunsPruneCommand>("prune").WithDescription("Remove the checkpoint folders of runs deleted from the store or gone from it (a dry run unless --yes).")
            .WithExample("runs", "prune", "--tracking-uri", "./mlruns", "--yes");
    });
    config.AddCommand<EvalCommand>("eval").WithDescription("Evaluate a run's trained encoder with an experiment's evaluators.");
});

using var cancellation = new CancellationTokenSource();
var interruptCode = ExitCodes.Interrupted;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interruptCode = ExitCodes.Interrupted;
    SimLap.Tracking.Rest.TrackingShutdown.Begin();
    cancellation.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interruptCode = ExitCodes.Terminated;
    SimLap.Tracking.Rest.TrackingShutdown.Begin();
    cancellation.Cancel();
});

if (UsageErrors.MissingValue(args) is { } missingValue)
{
    Error(missingValue);
    return ExitCodes.Configuration;
}

try
{
    return app.Run(args, cancellation.Token);
}
catch (Exception e) when (e is ConfigurationException or SimLap.Tracking.TrackingAccessException)
{
    Error(e.Message);
    return ExitCodes.Configuration;
}
catch (CheckpointException e)
{
    // A damaged, truncated or foreign checkpoint the user pointed at: bad input.
    Error(e.Message);
    return ExitCodes.Configuration;
}
catch (InvalidDataException e)
{
    // A data file whose content is not what it must be (a damaged image or IDX file found while loading): bad input.
    Error(verbose ? e.ToString() : ErrorText.Plain(e));
    return ExitCodes.Configuration;
}
catch (CommandAppException e)
{
    Error(UsageErrors.Explain(e, args));
    return ExitCodes.Configuration;
}
catch (OperationCanceledException)
{
    Error("interrupted: the run was marked KILLED and everything logged so far was kept.");
    return interruptCode;
}
catch (Exception e) when (e is TrainingDivergedException or ComponentException or IOException)
{
    Error(verbose ? e.ToString() : ErrorText.Plain(e));
    return ExitCodes.RunFailed;
}
catch (Exception e)
{
    Error(verbose ? e.ToString() : $"{ErrorText.Plain(e)} (run with --verbose for details)");
    return ExitCodes.RunFailed;
}

static void Error(string message)
{
    var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    if (Console.IsErrorRedirected)
    {
        console.Profile.Width = SimLap.Host.Output.ConsoleWidth.For(Environment.GetEnvironmentVariable("COLUMNS"));
    }

    console.MarkupLine($"[red]error:[/] {Markup.Escape(SecretRedaction.Redact(message))}");
}
