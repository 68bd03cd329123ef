using SimLap.Engine.Compare;
using SimLap.Engine.Orchestration.Cluster;

namespace SimLap.Host.Tests;

/// <summary>How <c>simlap status</c> reads <c>scontrol show job</c> and combines it with the tracking store.</summary>
public sealed class ClusterStatusModelTests
{
    [Fact]
    public void ParseShowJobExpandsPendingRangesAndReadsEachTask()
    {
        const string text =
            "JobId=12 ArrayJobId=12 ArrayTaskId=3-5%2 ArrayTaskThrottle=2 JobName=simlap-x JobState=PENDING Reason=JobArrayTaskLimit Restarts=0 ExitCode=0:0\n"
            + "JobId=13 ArrayJobId=12 ArrayTaskId=0 JobName=simlap-x JobState=COMPLETED Reason=None Restarts=0 ExitCode=0:0\n"
            + "JobId=14 ArrayJobId=12 ArrayTaskId=1 JobName=simlap-x JobState=FAILED Reason=NonZeroExitCode Restarts=1 ExitCode=143:0\n"
            + "JobId=15 ArrayJobId=12 ArrayTaskId=2 JobName=simlap-x JobState=RUNNING Reason=None Restarts=0 ExitCode=0:0\n"
            + "JobId=99 ArrayJobId=98 ArrayTaskId=0 JobName=other JobState=RUNNING Reason=None Restarts=0 ExitCode=0:0\n";

        var tasks = SlurmClient.ParseShowJob(text, "12");

        Assert.Equal([0, 1, 2, 3, 4, 5], tasks.Keys.Order());
        Assert.Equal("COMPLETED", tasks[0].State);
        Assert.Equal(("FAILED", 1, "143:0"), (tasks[1].State, tasks[1].Restarts, tasks[1].ExitCode));
        Assert.True(tasks[4].IsPending);
        Assert.Equal([1, 3, 5, 7], SlurmClient.ExpandRange("1,3-7:2%4"));
    }

    [Fact]
    public void BuildCombinesRunsAndTasks()
    {
        var parent = Run("p", "RUNNING", new() { ["simlap.sweep.trials"] = "6", ["simlap.sweep.trial.0"] = "seed=1" });
        var children = new[]
        {
            Child("a", 0, "FINISHED", 1),
            Child("b", 1, "KILLED", 1),
            Child("c", 2, "KILLED", 1),
            Child("d", 3, "RUNNING", 1),
            Child("e", 4, "FAILED", 1),
            Child("e2", 4, "RUNNING", 2),
        };
        var tasks = new Dictionary<int, SlurmTask>
        {
            [0] = new(0, "13", "COMPLETED", "None", 0, "0:0"),
            [1] = new(1, "14", "FAILED", "None", 0, "143:0"),
            [2] = new(2, "15", "PENDING", "BeginTime", 1, "143:0"),
            [3] = new(3, "16", "FAILED", "None", 0, "137:0"),
            [4] = new(4, "17", "RUNNING", "None", 1, "0:0"),
            [5] = new(5, "12", "PENDING", "Resources", 0, "0:0"),
        };

        var status = SweepStatus.Build(parent, children, tasks);

        Assert.Equal(
            [TrialState.Finished, TrialState.Killed, TrialState.Queued, TrialState.Failed, TrialState.Running, TrialState.Queued],
            status.Trials.Select(t => t.State));
        Assert.Equal("e2", status.Trials[4].RunId);
        Assert.Equal("seed=1", status.Trials[0].Label);
        Assert.False(status.IsDone);

        // Without the scheduler, a run still RUNNING is running and a trial without a run is queued.
        var storeOnly = SweepStatus.Build(parent, children, null);
        Assert.Equal(
            [TrialState.Finished, TrialState.Killed, TrialState.Killed, TrialState.Running, TrialState.Running, TrialState.Queued],
            storeOnly.Trials.Select(t => t.State));
        Assert.Equal(2, storeOnly.Counts[TrialState.Running]);
    }

    private static RunRecord Child(string id, int trial, string status, long start) =>
        Run(id, status, new() { ["mlflow.parentRunId"] = "p", ["simlap.sweep.trial"] = trial.ToString(System.Globalization.CultureInfo.InvariantCulture) }, start);

    private static RunRecord Run(string id, string status, Dictionary<string, string> tags, long start = 0) =>
        new(id, id, status, start, new Dictionary<string, string>(), new Dictionary<string, double>(), tags);
}
