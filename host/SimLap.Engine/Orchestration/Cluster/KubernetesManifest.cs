using System.Globalization;
using System.Text.RegularExpressions;
using SimLap.Engine.Configuration;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using YamlDotNet.Serialization;

namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>
/// Renders a sweep as a Kubernetes Indexed Job: <c>completionMode: Indexed</c>, <c>completions</c> = trials,
/// <c>parallelism</c> = at most this many at once, each pod running trial <c>$(JOB_COMPLETION_INDEX)</c> as a nested
/// run of the parent. Tracking credentials come from a named Secret through <c>secretKeyRef</c>, never inlined.
/// </summary>
public static partial class KubernetesManifest
{
    /// <summary>The manifest's file name in the submission folder.</summary>
    public const string FileName = "simlap-job.yaml";

    /// <summary>The credential variables taken from the Secret (each optional: a server may need only some).</summary>
    public static readonly IReadOnlyList<string> SecretKeys =
        [MlflowRestOptions.TokenVariable, MlflowRestOptions.UsernameVariable, MlflowRestOptions.PasswordVariable];

    /// <summary>The Job's name: <c>simlap-&lt;experiment&gt;-&lt;first 8 characters of the parent run id&gt;</c>, a valid DNS label.</summary>
    public static string JobName(ClusterSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var stem = NotDns().Replace(submission.Name.ToLowerInvariant(), "-").Trim('-');
        var suffix = NotDns().Replace(submission.ParentRunId.ToLowerInvariant(), "").PadRight(8, '0')[..8];
        stem = stem.Length > 40 ? stem[..40].Trim('-') : stem;
        return $"simlap-{(stem.Length == 0 ? "sweep" : stem)}-{suffix}";
    }

    /// <summary>Renders the manifest as YAML.</summary>
    public static string Render(ClusterSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Trials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(submission), "An Indexed Job needs at least one completion.");
        }

        var name = JobName(submission);
        var labels = new Dictionary<string, object>
        {
            ["app.kubernetes.io/name"] = "simlap",
            ["simlap/parent-run"] = submission.ParentRunId.Length <= 63 ? NotLabel().Replace(submission.ParentRunId, "-") : submission.ParentRunId[..63],
        };
        var job = new Dictionary<string, object>
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["labels"] = labels },
            ["spec"] = new Dictionary<string, object>
            {
                ["completionMode"] = "Indexed",
                ["completions"] = submission.Trials,
                ["parallelism"] = Math.Clamp(submission.MaxParallel, 1, submission.Trials),
                ["backoffLimit"] = submission.Requeue ? submission.Trials * 3 : 0,
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = labels },
                    ["spec"] = PodSpec(submission, name),
                },
            },
        };
        var header = $"# Written by `simlap submit --to k8s`: the {submission.Trials}-trial sweep {submission.ExperimentPath} as nested runs of {submission.ParentRunId}.\n"
            + "# The image must hold the experiment at that path (and simlap on PATH); credentials come from the Secret"
            + (string.IsNullOrWhiteSpace(submission.SecretName) ? " (none named: pass --secret NAME)" : $" '{submission.SecretName}'") + ".\n";
        return header + new SerializerBuilder().DisableAliases().WithQuotingNecessaryStrings().Build().Serialize(job);
    }

    /// <summary>The pod of every index: one container running its trial, restarted on failure when requeued.</summary>
    private static Dictionary<string, object> PodSpec(ClusterSubmission submission, string jobName)
    {
        var podSpec = new Dictionary<string, object>
        {
            // A retried index resumes its checkpoint (SIMLAP_RESUME_TRIAL); SIGTERM gives simlap time to write one.
            ["restartPolicy"] = submission.Requeue ? "OnFailure" : "Never",
            ["terminationGracePeriodSeconds"] = 60,
            ["containers"] = new List<object> { Container(submission, jobName) },
        };
        if (TimeLimitSeconds(submission.Resources.TimeLimit) is { } seconds)
        {
            podSpec["activeDeadlineSeconds"] = seconds;
        }

        return podSpec;
    }

    /// <summary>The container: <c>simlap run</c> of trial <c>$(JOB_COMPLETION_INDEX)</c>, with its CPUs and GPUs.</summary>
    private static Dictionary<string, object> Container(ClusterSubmission submission, string jobName)
    {
        var resources = submission.Resources;
        var limits = new Dictionary<string, object> { ["cpu"] = resources.Cpus.ToString(CultureInfo.InvariantCulture) };
        if (resources.Gpus > 0)
        {
            limits["nvidia.com/gpu"] = resources.Gpus.ToString(CultureInfo.InvariantCulture);
        }

        var args = new List<object> { "run", submission.ExperimentPath, "--trial", "$(JOB_COMPLETION_INDEX)", "--quiet" };
        foreach (var item in submission.Overrides)
        {
            args.Add("--set");
            args.Add(item);
        }

        return new Dictionary<string, object>
        {
            ["name"] = "trial",
            ["image"] = submission.Image ?? "simlap:latest",
            ["command"] = new List<object> { "simlap" },
            ["args"] = args,
            ["workingDir"] = submission.WorkingDirectory,
            ["env"] = Variables(submission, jobName),
            ["resources"] = new Dictionary<string, object>
            {
                ["requests"] = new Dictionary<string, object> { ["cpu"] = resources.Cpus.ToString(CultureInfo.InvariantCulture) },
                ["limits"] = limits,
            },
        };
    }

    /// <summary>The trial's variables: the store, the parent, resuming, the task name, threads, and the Secret's credentials.</summary>
    private static List<object> Variables(ClusterSubmission submission, string jobName)
    {
        var env = new List<object>
        {
            Env(TrackingSelection.TrackingUriVariable, submission.TrackingUri),
            Env(SweepRunner.ParentRunVariable, submission.ParentRunId),
            Env(SweepRunner.ResumeTrialVariable, "1"),
            Env(SweepRunner.ClusterTaskVariable, $"k8s:{jobName}/$(JOB_COMPLETION_INDEX)"),
            Env("OMP_NUM_THREADS", submission.Resources.Cpus.ToString(CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrWhiteSpace(submission.SecretName))
        {
            env.AddRange(SecretKeys.Select(key => SecretEnv(submission.SecretName!, key)));
        }

        return env;
    }

    /// <summary>A variable taken from key <paramref name="key"/> of Secret <paramref name="secretName"/>, if it has it.</summary>
    private static Dictionary<string, object> SecretEnv(string secretName, string key) => new()
    {
        ["name"] = key,
        ["valueFrom"] = new Dictionary<string, object>
        {
            ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = secretName, ["key"] = key, ["optional"] = true },
        },
    };

    /// <summary>Seconds of a Slurm-style time limit (<c>MM</c>, <c>MM:SS</c>, <c>HH:MM:SS</c>, <c>D-HH[:MM[:SS]]</c>), or null.</summary>
    public static int? TimeLimitSeconds(string? limit)
    {
        if (string.IsNullOrWhiteSpace(limit))
        {
            return null;
        }

        var match = TimeLimit().Match(limit.Trim());
        if (!match.Success)
        {
            return null;
        }

        static int N(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups["days"].Success)
        {
            return (N(match.Groups["days"]) * 86400) + (N(match.Groups["a"]) * 3600) + (N(match.Groups["b"]) * 60) + N(match.Groups["c"]);
        }

        return match.Groups["c"].Success
            ? (N(match.Groups["a"]) * 3600) + (N(match.Groups["b"]) * 60) + N(match.Groups["c"])
            : match.Groups["b"].Success ? (N(match.Groups["a"]) * 60) + N(match.Groups["b"]) : N(match.Groups["a"]) * 60;
    }

    private static Dictionary<string, object> Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    [GeneratedRegex("^(?:(?<days>\\d+)-)?(?<a>\\d+)(?::(?<b>\\d{1,2}))?(?::(?<c>\\d{1,2}))?$", RegexOptions.CultureInvariant)]
    internal static partial Regex TimeLimit();

    [GeneratedRegex("[^a-z0-9-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotDns();

    [GeneratedRegex("[^A-Za-z0-9._-]", RegexOptions.CultureInvariant)]
    private static partial Regex NotLabel();
}
