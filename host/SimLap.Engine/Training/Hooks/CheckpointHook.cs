using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// Saves checkpoints as the plan says: after an epoch is evaluated when due (<c>checkpoint.every</c>) and after the
/// last, at the start of the next epoch; and when the run is interrupted, where it stopped (with the epoch's order of
/// images and its losses so far), so a resumed run continues exactly where this one stopped.
/// </summary>
/// <param name="plan">When and where checkpoints are written.</param>
/// <param name="pipeline">What they hold.</param>
/// <param name="optimizer">The optimiser whose state they hold.</param>
/// <param name="epochs">Epochs in all.</param>
public sealed class CheckpointHook(CheckpointPlan plan, Pipeline pipeline, TrainingOptimizer optimizer, int epochs) : ITrainingHook
{
    /// <summary>After the epoch's evaluation: saves a checkpoint at the start of the next epoch if one is due.</summary>
    public void OnEvaluation(EvaluationArgs e)
    {
        var epoch = e.State.Epoch;
        if (IsDue(epoch))
        {
            Save(new TrainingProgress(epoch + 1, 0, e.State.Step, 0, 0), null);
        }
    }

    /// <summary>Saves a checkpoint where the run stopped.</summary>
    public void OnInterrupt(InterruptArgs e) => Save(e.State.Progress, e.State.Permutation);

    /// <summary>Whether a checkpoint is saved after <paramref name="epoch"/>.</summary>
    public bool IsDue(int epoch) => epoch == epochs || plan.IsDue(epoch);

    private void Save(TrainingProgress at, Tensor? permutation)
    {
        Tracking.StoreFaults.Hit(Tracking.StoreFaults.Checkpoint);
        plan.Save(at, permutation, pipeline, optimizer);
    }
}
