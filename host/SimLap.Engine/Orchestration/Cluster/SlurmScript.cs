using System.Globalization;
using System.Text;
using SimLap.Engine.Configuration;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>
/// Renders a sweep as a Slurm batch script: a job array over the trials (<c>--array=0-(N-1)%K</c>), each task
/// running <c>simlap run &lt;exp.yaml&gt; --trial $SLURM_ARRAY_TASK_ID</c> as a nested run of the parent.
/// </summary>
/// <remarks>
/// The task <c>exec</c>s simlap, so the batch step's signals (scancel, preemption, <c>--signal=B:TERM@60</c> before the
/// time limit) reach it directly: it checkpoints and exits 143 with its run KILLED. <c>SIMLAP_RESUME_TRIAL=1</c>
/// makes a requeued task find its trial's run under the parent and resume its newest checkpoint in the same run id.
/// </remarks>
public static class SlurmScript
{
    /// <summary>The script's file name in the submission folder.</summary>
    public const string FileName = "simlap-array.sbatch";

    /// <summary>The per-task output file pattern (array job id, task index).</summary>
    public const string OutputPattern = "slurm-%A_%a.out";

    /// <summary>Renders the batch script.</summary>
    public static string Render(ClusterSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Trials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(submission), "A job array needs at least one trial.");
        }

        var resources = submission.Resources;
        var parallel = Math.Clamp(submission.MaxParallel, 1, submission.Trials);
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append("#SBATCH --job-name=").Append(JobName(submission.Name)).Append('\n');
        s.Append("#SBATCH --array=0-").Append(I(submission.Trials - 1)).Append('%').Append(I(parallel)).Append('\n');
        if (!string.IsNullOrWhiteSpace(resources.Partition))
        {
            s.Append("#SBATCH --partition=").Append(resources.Partition).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(resources.TimeLimit))
        {
            s.Append("#SBATCH --time=").Append(resources.TimeLimit).Append('\n');
        }

        s.Append("#SBATCH --ntasks=1\n");
        s.Append("#SBATCH --cpus-per-task=").Append(I(Math.Max(resources.Cpus, 1))).Append('\n');
        if (resources.Gpus > 0)
        {
            s.Append("#SBATCH --gpus=").Append(I(resources.Gpus)).Append('\n');
        }

        s.Append(submission.Requeue ? "#SBATCH --requeue\n" : "#SBATCH --no-requeue\n");
        s.Append("#SBATCH --signal=B:TERM@60\n");
        s.Append("#SBATCH --chdir=").Append(Directive(submission.WorkingDirectory)).Append('\n');
        s.Append("#SBATCH --output=").Append(Directive(Path.Combine(submission.OutputDirectory, OutputPattern))).Append('\n');
        s.Append("#SBATCH --open-mode=append\n");
        s.Append('\n');
        s.Append("# Written by `simlap submit`: trial $SLURM_ARRAY_TASK_ID of the ").Append(I(submission.Trials)).Append("-trial sweep\n");
        s.Append("# ").Append(submission.ExperimentPath).Append(", as a nested run of ").Append(submission.ParentRunId).Append(".\n");
        s.Append("# A requeued task (scontrol requeue, preemption, node failure) finds its trial's run under the parent and\n");
        s.Append("# resumes its newest checkpoint in the same run id (SIMLAP_RESUME_TRIAL=1); a finished trial is not rerun.\n");
        s.Append("set -eu\n");
        s.Append("export ").Append(TrackingSelection.TrackingUriVariable).Append('=').Append(ShellWords.Quote(submission.TrackingUri)).Append('\n');
        s.Append("export ").Append(SweepRunner.ParentRunVariable).Append('=').Append(ShellWords.Quote(submission.ParentRunId)).Append('\n');
        s.Append("export ").Append(SweepRunner.ResumeTrialVariable).Append("=1\n");
        s.Append("export ").Append(SweepRunner.ClusterTaskVariable).Append("=\"slurm:${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n");
        s.Append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        s.Append("echo \"simlap: trial ${SLURM_ARRAY_TASK_ID} on $(hostname), restart ${SLURM_RESTART_COUNT:-0}, job ${SLURM_JOB_ID}\"\n");
        s.Append("exec ").Append(submission.SimlapCommand).Append(" run ").Append(ShellWords.Quote(submission.ExperimentPath))
            .Append(" --trial \"$SLURM_ARRAY_TASK_ID\" --quiet");
        foreach (var item in submission.Overrides)
        {
            s.Append(" --set ").Append(ShellWords.Quote(item));
        }

        s.Append('\n');
        return s.ToString();
    }

    /// <summary>A Slurm job name for an experiment: <c>simlap-&lt;name&gt;</c> with unusual characters replaced.</summary>
    public static string JobName(string name) =>
        "simlap-" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());

    /// <summary>A path in an <c>#SBATCH</c> line (sbatch does not unquote them, so spaces cannot be expressed).</summary>
    private static string Directive(string path) =>
        path.Any(char.IsWhiteSpace)
            ? throw new Configuration.ConfigurationException($"'{path}' contains white space, which an #SBATCH line cannot hold; submit from a folder whose path has none.")
            : path;

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
