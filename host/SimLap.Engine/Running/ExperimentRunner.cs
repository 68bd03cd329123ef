using System.Reflection;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Models;
using SimLap.Engine.Plugins;
using SimLap.Engine.Training;
using SimLap.Tracking;
using TorchSharp;

namespace SimLap.Engine.Running;

/// <summary>
/// Runs one resolved experiment: starts a tracked run, logs the resolved configuration (params and artifact) and
/// provenance tags, builds the pipeline, trains, evaluates, and ends the run FINISHED, FAILED (with the error as a
/// tag) or KILLED. A run is never left RUNNING.
/// </summary>
public sealed class ExperimentRunner(ITrackingBackend backend, ILoggerFactory loggers, IProgressReporter progress)
{
    private readonly ILogger logger = loggers.CreateLogger<ExperimentRunner>();

    /// <summary>Runs the experiment and returns its summary; rethrows the failure after marking the run.</summary>
    public RunSummary Run(ResolvedExperiment experiment, CancellationToken cancellation) => Run(experiment, cancellation, null);

    /// <summary>
    /// Runs the experiment, or continues run <paramref name="resume"/> from its checkpoint (same run id, metrics
    /// continuing at the right step); rethrows the failure after marking the run.
    /// </summary>
    public RunSummary Run(ResolvedExperiment experiment, CancellationToken cancellation, ResumePoint? resume, IReadOnlyDictionary<string, string>? extraTags = null)
    {
        var options = experiment.Options;
        SecretRedaction.WarnIfCredentials(options.Tracking.Uri, "tracking.uri", logger);
        // Checked before anything is written: a refused resume leaves the stored run exactly as it was.
        var resuming = resume is null ? null : ResumeGuard.Begin(backend, experiment, resume, ExtendEpochs, Liveness, logger);
        using var resumeLease = resuming?.Lease;
        var device = DeviceSelection.Select(options.Device);
        var threads = DeviceSelection.ConfigureCpuRuntime(options.Threads);
        using var run = resuming is null ? StartRun(experiment, Tags(experiment, device, threads), extraTags) : Reopen(resuming.Stored.RunId);
        using var lease = resuming?.Lease ?? RunLease.ForNewRun(backend, run, logger);
        lease.Start(run);
        resuming?.Record(run, resume!);
        if (resume is not null)
        {
            Continue(run, extraTags);
        }

        logger.LogInformation("Run {RunId} {Action} in {Location}", run.RunId, resume is null ? "started" : "resumed", run.Location);
        using var work = new RunWorkFolder(run.RunId);
        var workDirectory = work.Path;
        var folder = new CheckpointFolder(CheckpointHome.RunFolder(options, run.RunId), options.Checkpoint.KeepLast);
        var plan = new CheckpointPlan(folder, options.Checkpoint.Every, run.RunId, options.Checkpoint.Artifacts == CheckpointArtifacts.Every ? path => run.LogArtifact(path, "checkpoints") : null);
        var status = RunStatus.Failed;
        try
        {
            // A resumed run already holds these params (checked equal); only a deliberate change is logged, by Record.
            LogConfiguration(run, experiment, resuming is null, workDirectory);
            RecordCheckpointFolder(run, options, folder.Path);

            using var pipeline = BuildPipeline(experiment, device, run, workDirectory);
            var result = Train(run, experiment, pipeline, plan, resume, workDirectory, cancellation);
            status = RunStatus.Finished;
            return new RunSummary(run.RunId, run.Location, result.Steps, result.FinalLoss, result.Evaluation, result.TrainSeconds);
        }
        catch (OperationCanceledException)
        {
            status = RunStatus.Killed;
            run.SetTag("simlap.error", plan.Last is null ? "interrupted" : $"interrupted; resume with --resume {run.RunId}");
            throw;
        }
        catch (Exception e)
        {
            run.SetTag("simlap.error", e.Message);
            throw;
        }
        finally
        {
            if (status != RunStatus.Failed && plan.Last is not null && options.Checkpoint.Artifacts == CheckpointArtifacts.End)
            {
                run.LogArtifact(plan.Last, "checkpoints");
            }

            lease.StopHeartbeat();
            run.End(status);
            lease.Dispose();
            progress.Stop();
        }
    }

    /// <summary>Trains, then logs the trained encoder as an MLflow logged model of the run (<see cref="EncoderModelLogger"/>) unless <c>tracking.log_model</c> is false.</summary>
    private TrainingResult Train(IRunTracker run, ResolvedExperiment experiment, Pipeline pipeline, CheckpointPlan plan, ResumePoint? resume, string workDirectory, CancellationToken cancellation)
    {
        var evaluation = new EvaluationCapture(run);
        var result = new Trainer(pipeline, experiment.Options, evaluation, progress, logger, workDirectory).Run(cancellation, plan, resume?.Checkpoint);
        if (experiment.Options.Tracking.LogModel)
        {
            new EncoderModelLogger(logger).Log(run, pipeline, experiment, result, evaluation, workDirectory);
        }

        return result;
    }

    /// <summary>Whether a resume may raise <c>train.epochs</c> above the stored value (<c>--extend-epochs</c>).</summary>
    public bool ExtendEpochs { get; init; }

    /// <summary>How a RUNNING run's owner is judged alive or gone when it is resumed.</summary>
    public OwnerLiveness Liveness { get; init; } = OwnerLiveness.ForThisMachine();

    /// <summary>Starts a new run, named by <c>tracking.run_name</c> or after the experiment and its overrides.</summary>
    private IRunTracker StartRun(ResolvedExperiment experiment, Dictionary<string, string> tags, IReadOnlyDictionary<string, string>? extraTags)
    {
        var options = experiment.Options;
        var runName = options.Tracking.RunName.Length > 0 ? options.Tracking.RunName : RunNames.For(options.Name, experiment.CommandLineOverrides, taken: name => IsTaken(options.Tracking.Experiment, name));
        return backend.StartRun(options.Tracking.Experiment, runName, tags.Concat(extraTags ?? new Dictionary<string, string>()).Concat(RunLease.NewRunTags()).ToDictionary());
    }

    /// <summary>Builds the pipeline (loading the data) and logs the data sets it loaded as the run's inputs.</summary>
    private Pipeline BuildPipeline(ResolvedExperiment experiment, torch.Device device, IRunTracker run, string workDirectory)
    {
        var pipeline = new PipelineBuilder(experiment, device, run, loggers, workDirectory).Build();
        RunInputs.Log(run, experiment, pipeline, logger);
        return pipeline;
    }

    /// <summary>Tags the run with its checkpoint folder relative to the home and marks the folder with its run and store (for <c>simlap runs prune</c>).</summary>
    private void RecordCheckpointFolder(IRunTracker run, ExperimentOptions options, string folder)
    {
        // Relative to the checkpoint home: an absolute path of this machine means nothing to the store's other readers.
        run.SetTag(CheckpointHome.Tag, CheckpointHome.Relative(options.Tracking.Experiment, run.RunId));
        CheckpointHome.WriteMarker(folder, run.RunId, options.Tracking.Experiment, backend.Description);
    }

    /// <summary>Whether a run of <paramref name="experimentName"/> is already named <paramref name="runName"/> (true when the store cannot say: a suffix is then added to be safe).</summary>
    private bool IsTaken(string experimentName, string runName)
    {
        try
        {
            return backend is IResumableBackend store && store.HasRunNamed(experimentName, runName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TrackingStoreException)
        {
            logger.LogInformation("Could not search the runs of {Experiment} to keep the run name unique: {Error}", experimentName, e.Message);
            return true;
        }
    }

    /// <summary>Readies a reopened run to continue from its checkpoint.</summary>
    private static void Continue(IRunTracker run, IReadOnlyDictionary<string, string>? extraTags)
    {
        // Steps after the checkpoint may already be logged (a SIGKILL): they are replayed, not logged twice.
        (run as IResumedRun)?.SkipLoggedSteps();
        // A resumed run keeps its tags; the caller's (e.g. the cluster task now running it) are brought up to date.
        foreach (var (key, value) in extraTags ?? new Dictionary<string, string>())
        {
            run.SetTag(key, value);
        }
    }

    /// <summary>Logs the resolved configuration: as params (unless <paramref name="withParams"/> is false) and as the artifact <c>resolved.yaml</c>.</summary>
    private static void LogConfiguration(IRunTracker run, ResolvedExperiment experiment, bool withParams, string workDirectory)
    {
        foreach (var (key, value) in withParams ? experiment.ToParams() : [])
        {
            run.LogParam(key, value);
        }

        var resolvedYaml = Path.Combine(workDirectory, "resolved.yaml");
        File.WriteAllText(resolvedYaml, experiment.ToYaml());
        run.LogArtifact(resolvedYaml);
    }

    private IRunTracker Reopen(string runId) =>
        (backend as IResumableBackend)?.ResumeRun(runId)
        ?? throw new ConfigurationException($"run '{runId}' was not found in the tracking store {backend.Description}; --resume needs the store the run was logged to (--tracking-uri).");

    private static Dictionary<string, string> Tags(ResolvedExperiment experiment, torch.Device device, int threads)
    {
        var tags = new Dictionary<string, string>
        {
            ["mlflow.source.name"] = experiment.SourceFile,
            ["simlap.seed"] = experiment.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["simlap.device"] = device.ToString(),
            ["simlap.threads"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["simlap.malloc"] = NativeAllocator.Tuned ? "tuned" : "system",
            ["simlap.version"] = typeof(ExperimentRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0",
            ["simlap.torchsharp"] = typeof(torch).Assembly.GetName().Version?.ToString() ?? "",
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(experiment.SourceFile))!;
        if (GitInfo.Commit(folder) is { } commit)
        {
            tags["mlflow.source.git.commit"] = commit;
            tags["simlap.git.dirty"] = GitInfo.Dirty(folder) ?? "unknown";
        }

        tags["simlap.libtorch"] = typeof(ExperimentRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LibTorchPackage")?.Value ?? "unknown";

        foreach (var component in experiment.Components.Values.Concat(experiment.Evaluators))
        {
            tags[$"simlap.component.{component.Section}"] = $"{component.Descriptor.Name} ({component.Descriptor.Plugin.Name} {component.Descriptor.Plugin.Version})";
        }

        foreach (var plugin in experiment.Catalog.Plugins)
        {
            tags[$"simlap.plugin.{plugin.Name}"] = $"{plugin.Version} sha256:{plugin.Sha256} contracts:{plugin.ContractsVersion.Major}.{plugin.ContractsVersion.Minor} {plugin.Path}";
        }

        tags["simlap.method"] = $"{experiment[ComponentKind.PairSampler].Descriptor.Name} + {experiment[ComponentKind.SubspaceHead].Descriptor.Name} + {experiment[ComponentKind.Loss].Descriptor.Name}";
        return tags;
    }
}
