using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace SimLap.Host.Tests;

/// <summary>The test cluster started by <c>tests/cluster/slurm-up.sh</c>: its config, its commands, and waits on its jobs.</summary>
public static partial class ClusterSlurm
{
    /// <summary>The variable .ci/run sets to the cluster's slurm.conf.</summary>
    public const string ConfVariable = "SIMLAP_TEST_SLURM_CONF";

    /// <summary>The cluster's slurm.conf; fails the test when the cluster is missing.</summary>
    public static string Conf
    {
        get
        {
            var conf = Environment.GetEnvironmentVariable(ConfVariable);
            if (string.IsNullOrEmpty(conf) || !File.Exists(conf))
            {
                throw new XunitException($"{ConfVariable} is '{conf}': no Slurm cluster to test against. .ci/run starts one with tests/cluster/slurm-up.sh.");
            }

            return conf;
        }
    }

    /// <summary>The environment a <c>simlap</c> child needs to reach the cluster.</summary>
    public static Dictionary<string, string?> ChildEnvironment() => new() { ["SLURM_CONF"] = Conf };

    /// <summary>Runs a Slurm command (scontrol, scancel, squeue) against the cluster and returns its stdout; fails the test when it fails.</summary>
    public static string Command(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SLURM_CONF"] = Conf;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(true);
            throw new XunitException($"{program} {string.Join(' ', arguments)} did not answer within 30 s.");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new XunitException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }

        return stdout.Result;
    }

    /// <summary>Runs a Slurm command whose refusal is expected at times; returns whether it succeeded.</summary>
    public static bool TryCommand(string program, params string[] arguments)
    {
        try
        {
            Command(program, arguments);
            return true;
        }
        catch (XunitException)
        {
            return false;
        }
    }

    /// <summary>The parent run id and the job id printed by <c>simlap submit</c>.</summary>
    public static (string ParentRunId, string JobId) Submitted(CliResult result)
    {
        var parent = ParentRow().Match(result.StandardOutput);
        var job = JobRow().Match(result.StandardOutput);
        if (!parent.Success || !job.Success)
        {
            throw new XunitException($"simlap submit did not print a parent run and a slurm job.{System.Environment.NewLine}{result}");
        }

        return (parent.Groups[1].Value, job.Groups[1].Value);
    }

    /// <summary>The state of array task <paramref name="index"/> of job <paramref name="jobId"/> (scontrol show job).</summary>
    public static string TaskState(string jobId, int index)
    {
        var line = Command("scontrol", "show", "job", "--oneliner", $"{jobId}_{index.ToString(CultureInfo.InvariantCulture)}");
        var match = StateField().Match(line);
        return match.Success ? match.Groups[1].Value : "UNKNOWN";
    }

    /// <summary>Waits until Slurm no longer queues or runs any task of <paramref name="jobId"/>.</summary>
    public static void WaitForJob(string jobId, TimeSpan timeout, string workingDirectory)
    {
        var clock = Stopwatch.StartNew();
        while (Command("squeue", "-h", "-r", "-j", jobId, "-t", "PD,R,CG,CF,S,RQ,RH,RF,SE").Trim().Length > 0)
        {
            if (clock.Elapsed > timeout)
            {
                throw new XunitException($"Slurm job {jobId} did not end within {timeout.TotalSeconds} s:{System.Environment.NewLine}{Command("squeue", "-r")}{Outputs(workingDirectory)}");
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>Waits for <paramref name="condition"/>; fails with <paramref name="what"/> and the jobs' output files on timeout.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what, string workingDirectory, Func<string>? diagnose = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new XunitException($"Timed out after {timeout.TotalSeconds} s waiting for {what}.{Outputs(workingDirectory)}{diagnose?.Invoke()}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Makes a requeued, pending task eligible now: lifts the begin time Slurm sets on requeue, and releases a hold.</summary>
    public static void LiftRequeueHold(string jobId, int index)
    {
        var task = $"{jobId}_{index.ToString(CultureInfo.InvariantCulture)}";
        var line = Command("scontrol", "show", "job", "--oneliner", task);
        if (StateField().Match(line).Groups[1].Value != "PENDING")
        {
            return;
        }

        if (line.Contains("Held", StringComparison.OrdinalIgnoreCase))
        {
            TryCommand("scontrol", "release", task);
        }

        TryCommand("scontrol", "update", $"JobId={task}", "StartTime=now");
    }

    /// <summary>What Slurm says about a task, its node and its controller's last log lines, for a failure message.</summary>
    public static string Diagnose(string jobId, int index)
    {
        var nl = System.Environment.NewLine;
        var job = TryOutput("scontrol", "show", "job", "--oneliner", $"{jobId}_{index.ToString(CultureInfo.InvariantCulture)}");
        var nodes = TryOutput("sinfo", "-R", "-N", "-l");
        var log = Path.Combine(Path.GetDirectoryName(Conf)!, "slurmctld.log");
        var tail = File.Exists(log) ? string.Join(nl, File.ReadLines(log).TakeLast(30)) : "(no slurmctld.log)";
        return $"{nl}--- scontrol show job ---{nl}{job}{nl}--- sinfo -R ---{nl}{nodes}{nl}--- slurmctld.log (last 30 lines) ---{nl}{tail}";
    }

    private static string TryOutput(string program, params string[] arguments)
    {
        try
        {
            return Command(program, arguments);
        }
        catch (XunitException e)
        {
            return e.Message;
        }
    }

    /// <summary>The Slurm output files under the workspace's submissions folder, for failure messages.</summary>
    public static string Outputs(string workingDirectory)
    {
        var folder = Path.Combine(workingDirectory, "submissions");
        return !Directory.Exists(folder)
            ? ""
            : string.Concat(Directory.EnumerateFiles(folder, "*.out", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => $"{System.Environment.NewLine}--- {Path.GetFileName(f)} ---{System.Environment.NewLine}{File.ReadAllText(f)}"));
    }

    /// <summary>The run folders of the store whose <c>mlflow.parentRunId</c> is <paramref name="parentRunId"/>, by trial index.</summary>
    public static Dictionary<int, List<string>> Children(MlrunsStore store, string parentRunId) =>
        store.RunFolders()
            .Where(f => File.Exists(Path.Combine(f, "tags", "mlflow.parentRunId")) && MlrunsStore.ReadValue(f, "tags", "mlflow.parentRunId") == parentRunId)
            .GroupBy(f => int.Parse(MlrunsStore.ReadValue(f, "tags", "simlap.sweep.trial"), CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>The parent's run folder.</summary>
    public static string RunFolder(MlrunsStore store, string runId) =>
        store.RunFolders().Single(f => Path.GetFileName(f) == runId);

    [GeneratedRegex(@"parent run\s+([0-9a-f]{32})")]
    private static partial Regex ParentRow();

    [GeneratedRegex(@"slurm job\s+(\d+)")]
    private static partial Regex JobRow();

    [GeneratedRegex(@"JobState=(\S+)")]
    private static partial Regex StateField();
}
