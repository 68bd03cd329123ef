using SimLap.Contracts.Tracking;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// Logs the training metrics without a host sync per step: each step's values stay on the device until they are read
/// in one batch every <c>log_every</c> steps and at the end of each epoch (the only reads of the loop). The per-step
/// learning rate and the values hooks logged with the step (<see cref="StepEndArgs.Log"/>, the momentum) are kept with
/// them and logged in the same batch, stamped with the time the step ran, so the tracker is called (and its background
/// writer woken) once per read rather than once per step: with a REST store that was one HTTP request per step.
/// Each loss read is added to the epoch's (<see cref="TrainingState.AddLoss"/>); a non-finite loss stops training
/// (<see cref="TrainingDivergedException"/>). What an epoch logged is flushed to the store before the next begins.
/// </summary>
/// <param name="tracker">Where the metrics go.</param>
/// <param name="logEvery">Read the pending steps every this many steps (<c>train.log_every</c>).</param>
/// <param name="clock">Where the time of a step is read, once at its end (the system clock when null).</param>
public sealed class MetricBufferHook(ITracker tracker, int logEvery, TimeProvider? clock = null) : ITrainingHook
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly List<PendingStep> pending = [];
    private IReadOnlyList<string> termNames = [];
    private bool unflushedEpoch;

    /// <summary>Steps taken whose values are not read yet.</summary>
    public int Pending => pending.Count;

    /// <summary>Flushes what the previous epoch logged, between epochs rather than within a step.</summary>
    public void OnEpochStart(EpochStartArgs e) => FlushEpoch();

    /// <summary>Keeps the step's values; reads every pending step at every <c>log_every</c>-th step and the epoch's last.</summary>
    public void OnStepEnd(StepEndArgs e)
    {
        termNames = e.TermNames;
        pending.Add(new PendingStep(e.Step, e.Values, e.LearningRate, [.. e.Scalars], clock.GetUtcNow()));
        if ((e.Step + 1) % logEvery == 0 || e.IsLastOfEpoch)
        {
            e.Loss = Read(e.State);
        }
    }

    /// <summary>Logs the epoch's mean loss and its number at its last step.</summary>
    public void OnEpochEnd(EpochEndArgs e)
    {
        tracker.LogMetric(MetricNames.EpochLoss, e.State.EpochLoss, e.State.Step);
        tracker.LogMetric(MetricNames.Epoch, e.State.Epoch, e.State.Step);
        unflushedEpoch = true;
    }

    /// <summary>Reads the steps taken before the interruption, so their losses are logged and counted in the checkpoint.</summary>
    public void OnInterrupt(InterruptArgs e) => Read(e.State);

    /// <summary>Flushes what the last epoch logged.</summary>
    public void OnRunEnd(RunEndArgs e) => FlushEpoch();

    /// <summary>Reads and logs every pending step; returns the last loss read (null when none was pending).</summary>
    private double? Read(TrainingState state)
    {
        if (pending.Count == 0)
        {
            return null;
        }

        try
        {
            using var stacked = torch.stack(pending.Select(p => p.Values).ToArray()).cpu();
            var values = stacked.data<float>().ToArray();
            var last = double.NaN;
            for (var row = 0; row < pending.Count; row++)
            {
                last = Log(pending[row], values, row * termNames.Count);
                state.AddLoss(last);
            }

            return last;
        }
        finally
        {
            foreach (var entry in pending)
            {
                entry.Values.Dispose();
            }

            pending.Clear();
        }
    }

    /// <summary>Logs one step's metrics from its row of <paramref name="values"/> (at <paramref name="offset"/>); returns its objective.</summary>
    private float Log(PendingStep row, float[] values, int offset)
    {
        // Stamped with the time the step ran, not the time its batch was read (log_every steps later).
        var (step, _, learningRate, scalars, ranAt) = row;
        tracker.LogMetric(MetricNames.LearningRate, learningRate, step, ranAt);
        foreach (var (name, value) in scalars)
        {
            tracker.LogMetric(name, value, step, ranAt);
        }

        var objective = values[offset];
        if (!float.IsFinite(objective))
        {
            var terms = termNames.Select((name, k) => (name, (double)values[offset + k])).ToDictionary(t => t.name, t => t.Item2);
            throw new TrainingDivergedException(step, terms);
        }

        tracker.LogMetric(MetricNames.Loss, objective, step, ranAt);
        for (var k = 1; k < termNames.Count; k++)
        {
            tracker.LogMetric(MetricNames.Term(termNames[k]), values[offset + k], step, ranAt);
        }

        return objective;
    }

    private void FlushEpoch()
    {
        if (!unflushedEpoch)
        {
            return;
        }

        // Between epochs, not within a step: what the epoch logged is stored (or spooled) before the next begins.
        tracker.Flush();
        unflushedEpoch = false;
    }

    /// <summary>A step whose values are not read yet: its loss terms (on the device), learning rate, other values and the wall time it ran.</summary>
    private readonly record struct PendingStep(long Step, Tensor Values, double LearningRate, KeyValuePair<string, double>[] Scalars, DateTimeOffset RanAt);
}
