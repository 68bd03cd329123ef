using System.Globalization;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>Talks to Slurm through its commands: <c>sbatch</c> to submit, <c>scontrol show job</c> to read an array's tasks (no accounting needed).</summary>
public static class SlurmClient
{
    /// <summary>Checks that Slurm would accept the script (<c>sbatch --test-only</c>); nothing is queued.</summary>
    /// <exception cref="ConfigurationException">sbatch is missing or refuses the job; the message holds its stderr.</exception>
    public static void Validate(string scriptPath)
    {
        var result = CommandLine.Run(Sbatch(), ["--test-only", scriptPath]);
        if (!result.Succeeded)
        {
            throw new ConfigurationException($"Slurm refused the job (sbatch --test-only exit code {result.ExitCode}), nothing was submitted: {result.Message}");
        }
    }

    /// <summary>Submits the script with <c>sbatch --parsable</c> and returns the array's job id.</summary>
    /// <exception cref="ConfigurationException">sbatch is missing or refuses the job; the message holds its stderr.</exception>
    public static string Submit(string scriptPath)
    {
        var result = CommandLine.Run(Sbatch(), ["--parsable", scriptPath]);
        var id = result.StandardOutput.Trim().Split('\n').LastOrDefault()?.Split(';')[0].Trim() ?? "";
        if (!result.Succeeded || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            throw new ConfigurationException($"Slurm refused the job (sbatch exit code {result.ExitCode}): {result.Message}");
        }

        return id;
    }

    /// <summary>The tasks of array job <paramref name="arrayJobId"/> by index; null when scontrol is missing, fails, or no longer knows the job.</summary>
    public static IReadOnlyDictionary<int, SlurmTask>? Tasks(string arrayJobId)
    {
        if (CommandLine.Find("scontrol") is not { } scontrol)
        {
            return null;
        }

        var result = CommandLine.Run(scontrol, ["show", "job", "--oneliner", arrayJobId], TimeSpan.FromSeconds(30));
        var tasks = result.Succeeded ? ParseShowJob(result.StandardOutput, arrayJobId) : null;
        return tasks is { Count: > 0 } ? tasks : null;
    }

    /// <summary>
    /// Parses <c>scontrol show job --oneliner</c>: one record per line of <c>Key=Value</c> pairs. A record of pending
    /// tasks not yet split off carries a range in ArrayTaskId (<c>2-4%2</c>, <c>1,3</c>), which is expanded.
    /// </summary>
    public static IReadOnlyDictionary<int, SlurmTask> ParseShowJob(string text, string arrayJobId)
    {
        var tasks = new Dictionary<int, SlurmTask>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = word.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    fields.TryAdd(word[..equals], word[(equals + 1)..]);
                }
            }

            if (fields.GetValueOrDefault("ArrayJobId") != arrayJobId || fields.GetValueOrDefault("ArrayTaskId") is not { } range)
            {
                continue;
            }

            var state = fields.GetValueOrDefault("JobState", "UNKNOWN");
            var restarts = int.TryParse(fields.GetValueOrDefault("Restarts"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;
            foreach (var index in ExpandRange(range))
            {
                tasks[index] = new SlurmTask(index, fields.GetValueOrDefault("JobId", ""), state, fields.GetValueOrDefault("Reason", "None"), restarts, fields.GetValueOrDefault("ExitCode", ""));
            }
        }

        return tasks;
    }

    /// <summary>The indices of an array range such as <c>0-4%2</c>, <c>1,3-5</c> or <c>7</c>.</summary>
    public static IEnumerable<int> ExpandRange(string range)
    {
        foreach (var part in range.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var step = 1;
            var span = part;
            if (part.Split(':') is [var s, var t] && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                span = s;
                step = parsed;
            }

            var bounds = span.Split('-');
            if (bounds.Length == 1 && int.TryParse(bounds[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var single))
            {
                yield return single;
            }
            else if (bounds.Length == 2
                && int.TryParse(bounds[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var low)
                && int.TryParse(bounds[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var high))
            {
                for (var i = low; i <= high; i += step)
                {
                    yield return i;
                }
            }
        }
    }

    private static string Sbatch() =>
        CommandLine.Find("sbatch") ?? throw new ConfigurationException("sbatch was not found on PATH: submit from a Slurm login node (or install the Slurm client), or use --dry-run to see the batch script.");
}
