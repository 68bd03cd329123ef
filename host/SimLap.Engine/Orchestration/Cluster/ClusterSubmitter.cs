using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>
/// Submits a sweep to a cluster scheduler: checks everything that can be checked first (trials, tracking store,
/// scheduler tool, and for Slurm <c>sbatch --test-only</c>), then creates the sweep's parent run, writes the batch
/// script or manifest to <c>./submissions/&lt;parent run id&gt;/</c>, submits it and tags the parent with the job id.
/// Every refusal is a <see cref="ConfigurationException"/> raised before anything is queued.
/// </summary>
/// <param name="logger">Receives warnings.</param>
public sealed class ClusterSubmitter(ILogger logger)
{
    /// <summary>The folder, under the working directory, that holds one sub-folder per submitted sweep.</summary>
    public const string SubmissionsFolder = "submissions";

    /// <summary>Validates and, unless it is a dry run, submits <paramref name="experiment"/>.</summary>
    /// <exception cref="ConfigurationException">A refusal: nothing was submitted.</exception>
    public SubmitResult Submit(LoadedExperiment experiment, SubmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(request);
        Validate(experiment, request);
        var warnings = new List<string>();
        var resolved = experiment.BindAll();
        var options = resolved[0].Options;
        var workingDirectory = Path.GetFullPath(request.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var uri = TrackingSelection.Uri(request.TrackingUri, options.Tracking.Uri);
        var server = TrackingSelection.IsServerUri(uri);
        var trackingUri = server ? ServerUri(uri!) : LocalStore(uri, workingDirectory, request, warnings);
        var submission = NewSubmission(experiment, request, options.Name, trackingUri, workingDirectory);
        if (request.DryRun)
        {
            return new SubmitResult(Render(submission, request.Scheduler), submission, trackingUri, null, null) { Warnings = warnings };
        }

        RequireTool(request.Scheduler);
        var (store, client) = OpenStore(uri, server, trackingUri);
        try
        {
            return Submit(experiment, request, submission, store, options);
        }
        finally
        {
            client?.Dispose();
        }
    }

    /// <summary>The server's URI as the trials are told it; refused when it holds credentials.</summary>
    private static string ServerUri(string uri)
    {
        var display = TrackingSelection.ServerOptions(uri).DisplayUri;
        if (new MlflowRestOptions(uri).Username is not null)
        {
            throw new ConfigurationException(
                "the tracking URI holds credentials, which would be written into the job: remove them from the URI and set MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD "
                + "(Slurm passes your environment on to the trials) or name a Kubernetes Secret with --secret.");
        }

        return display;
    }

    /// <summary>The local store's folder; refused (a warning in a dry run) unless <c>--shared-store</c> says every node reaches it.</summary>
    private static string LocalStore(string? uri, string workingDirectory, SubmitRequest request, List<string> warnings)
    {
        string folder;
        try
        {
            folder = LocalFileStore.ResolveRootDirectory(uri, workingDirectory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException($"tracking URI '{uri}' cannot be used: {e.Message}");
        }

        if (!request.SharedStore)
        {
            var problem = $"the tracking store is the local folder '{folder}', which trials on other machines cannot reach";
            var remedy = "Log to an MLflow server (--tracking-uri http://host:5000 or MLFLOW_TRACKING_URI), or add --shared-store if that folder is on a file system every node mounts at the same path.";
            if (!request.DryRun)
            {
                throw new ConfigurationException($"{problem}, so nothing was submitted. {remedy}");
            }

            warnings.Add($"{problem}: without --shared-store this submission would be refused. {remedy}");
        }

        return folder;
    }

    /// <summary>The submission before its parent run exists (its id a placeholder).</summary>
    private static ClusterSubmission NewSubmission(LoadedExperiment experiment, SubmitRequest request, string name, string trackingUri, string workingDirectory) => new()
    {
        ExperimentPath = Path.GetFullPath(experiment.Path),
        Overrides = request.Overrides,
        Name = name,
        Trials = experiment.Trials.Count,
        MaxParallel = request.MaxParallel ?? experiment.Trials.Count,
        Resources = request.Resources,
        Requeue = request.Requeue,
        ParentRunId = ClusterSubmission.PendingParentRunId,
        TrackingUri = trackingUri,
        SimlapCommand = string.IsNullOrWhiteSpace(request.SimlapCommand) ? ShellWords.CurrentSimlapCommand() : request.SimlapCommand.Trim(),
        WorkingDirectory = workingDirectory,
        OutputDirectory = Path.Combine(workingDirectory, SubmissionsFolder, ClusterSubmission.PendingParentRunId),
        Image = request.Image,
        SecretName = request.SecretName,
    };

    /// <summary>Refuses to go on without the scheduler's client (<c>sbatch</c> or <c>kubectl</c>) on PATH.</summary>
    private static void RequireTool(SchedulerKind scheduler)
    {
        var tool = scheduler == SchedulerKind.Slurm ? "sbatch" : "kubectl";
        if (CommandLine.Find(tool) is null)
        {
            throw new ConfigurationException(
                $"{tool} was not found on PATH, so the sweep cannot be submitted to {(scheduler == SchedulerKind.Slurm ? "Slurm" : "Kubernetes")}; nothing was submitted. "
                + "Run this where the scheduler's client is installed, or use --dry-run to see what would be submitted.");
        }
    }

    /// <summary>The batch script or manifest of <paramref name="submission"/>.</summary>
    public static string Render(ClusterSubmission submission, SchedulerKind scheduler) =>
        scheduler == SchedulerKind.Slurm ? SlurmScript.Render(submission) : KubernetesManifest.Render(submission);

    private SubmitResult Submit(LoadedExperiment experiment, SubmitRequest request, ClusterSubmission submission, ISweepStore store, ExperimentOptions options)
    {
        if (request.Scheduler == SchedulerKind.Slurm)
        {
            var probe = Path.Combine(Path.GetTempPath(), $"simlap-submit-{Guid.NewGuid():N}.sbatch");
            try
            {
                File.WriteAllText(probe, SlurmScript.Render(submission));
                SlurmClient.Validate(probe);
            }
            finally
            {
                File.Delete(probe);
            }
        }

        var tags = SweepRunner.ParentTags(experiment);
        tags[SweepTags.ClusterScheduler] = request.Scheduler == SchedulerKind.Slurm ? "slurm" : "k8s";
        var parentRunId = store.CreateRun(options.Tracking.Experiment, $"{options.Name}-sweep", tags);
        var folder = Path.Combine(submission.WorkingDirectory, SubmissionsFolder, parentRunId);
        submission = submission with { ParentRunId = parentRunId, OutputDirectory = folder };
        var text = Render(submission, request.Scheduler);
        var path = Path.Combine(folder, request.Scheduler == SchedulerKind.Slurm ? SlurmScript.FileName : KubernetesManifest.FileName);
        string jobId;
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, text);
            jobId = request.Scheduler == SchedulerKind.Slurm ? SlurmClient.Submit(path) : ApplyManifest(path, submission);
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            store.SetTags(parentRunId, new Dictionary<string, string> { [SweepTags.Error] = $"submission failed: {e.Message}" });
            store.EndRun(parentRunId, RunStatus.Failed);
            throw new ConfigurationException($"{e.Message} (the sweep's parent run {parentRunId} was marked FAILED)");
        }

        store.SetTags(parentRunId, new Dictionary<string, string>
        {
            [SweepTags.ClusterJobId] = jobId,
            [SweepTags.ClusterScript] = path,
        });
        logger.LogInformation("Submitted sweep {Parent} as {Scheduler} job {Job}", parentRunId, request.Scheduler, jobId);
        return new SubmitResult(text, submission, store.Description, path, jobId);
    }

    private static void Validate(LoadedExperiment experiment, SubmitRequest request)
    {
        if (!experiment.IsSweep)
        {
            throw new ConfigurationException($"'{experiment.Path}' has no sweep: section, so there is nothing to fan out; submit a sweep (see README, Sweeps), or run it with 'simlap run'.");
        }

        if (experiment.Trials.Count == 0)
        {
            throw new ConfigurationException($"the sweep in '{experiment.Path}' has zero trials (an empty block, e.g. random.n: 0), so nothing was submitted.");
        }

        if (request.Resources.Cpus < 1)
        {
            throw new ConfigurationException($"--cpus-per-trial must be at least 1; found {request.Resources.Cpus}.");
        }

        if (request.Resources.Gpus < 0)
        {
            throw new ConfigurationException($"--gpus-per-trial must be 0 or more; found {request.Resources.Gpus}.");
        }

        if (request.MaxParallel is < 1)
        {
            throw new ConfigurationException($"--max-parallel must be at least 1; found {request.MaxParallel}.");
        }

        if (request.Resources.TimeLimit is { } time && !KubernetesManifest.TimeLimit().IsMatch(time.Trim()))
        {
            throw new ConfigurationException($"--time '{time}' is not a time limit: use HH:MM:SS, MM, MM:SS or D-HH:MM:SS.");
        }

        if (request.Resources.Partition is { } partition && (partition.Length == 0 || partition.Any(char.IsWhiteSpace)))
        {
            throw new ConfigurationException($"--partition '{partition}' is not a partition name.");
        }

        if (request.Scheduler == SchedulerKind.Kubernetes && !request.DryRun && string.IsNullOrWhiteSpace(request.Image))
        {
            throw new ConfigurationException("--to k8s needs --image IMAGE: the container image that holds simlap and the experiment.");
        }
    }

    private (ISweepStore Store, MlflowRestClient? Client) OpenStore(string? uri, bool server, string trackingUri)
    {
        if (!server)
        {
            return (new LocalSweepStore(new LocalFileStore(trackingUri, logger), logger), null);
        }

        // Probe the server once, with few retries: an unreachable server is a refusal, not a spooled run.
        var configured = TrackingSelection.ServerOptions(uri!);
        var options = new MlflowRestOptions(uri!)
        {
            Token = configured.Token,
            Username = configured.Username,
            Password = configured.Password,
            InsecureTls = configured.InsecureTls,
            SpoolDirectory = configured.SpoolDirectory,
            RequestTimeout = TimeSpan.FromSeconds(15),
            Retry = new MlflowRetryPolicy(2, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)),
        };
        var client = new MlflowRestClient(options, logger);
        try
        {
            client.SearchExperimentsAsync(maxResults: 1).GetAwaiter().GetResult();
        }
        catch (MlflowApiException e)
        {
            client.Dispose();
            throw new ConfigurationException(
                $"the tracking server {options.DisplayUri} {(e.IsUnreachable ? "cannot be reached" : "refused the request")}: {options.Redact(e.Message)}; "
                + "every trial must report to it, so nothing was submitted.");
        }

        return (new RestSweepStore(client), client);
    }

    private static string ApplyManifest(string path, ClusterSubmission submission)
    {
        var result = CommandLine.Run(CommandLine.Find("kubectl")!, ["apply", "-f", path], TimeSpan.FromSeconds(120));
        if (!result.Succeeded)
        {
            throw new ConfigurationException($"kubectl refused the job (exit code {result.ExitCode}): {result.Message}");
        }

        return KubernetesManifest.JobName(submission);
    }
}
