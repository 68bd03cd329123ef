using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>When and where a run's checkpoints are written, and what happens after each is written.</summary>
/// <param name="Folder">The run's checkpoint folder.</param>
/// <param name="Every">Save every N epochs (0: only at the end and when interrupted).</param>
/// <param name="RunId">The tracking run, recorded in each checkpoint.</param>
/// <param name="Written">Called with the path of each checkpoint written (to log it as an artifact, say).</param>
public sealed record CheckpointPlan(CheckpointFolder Folder, int Every, string RunId, Action<string>? Written = null)
{
    /// <summary>The last checkpoint written in this process.</summary>
    public string? Last { get; private set; }

    /// <summary>Whether a checkpoint is due after <paramref name="epoch"/>.</summary>
    public bool IsDue(int epoch) => Every > 0 && epoch % Every == 0;

    private bool cleaned;

    /// <summary>
    /// Writes a checkpoint, prunes old ones and reports it. The first write of this plan also removes the temporary
    /// files that killed writes left in the folder (<see cref="CheckpointFolder.RemoveOrphans()"/>).
    /// </summary>
    public void Save(TrainingProgress progress, Tensor? permutation, Pipeline pipeline, TrainingOptimizer optimizer)
    {
        if (!cleaned)
        {
            Folder.RemoveOrphans();
            cleaned = true;
        }

        var path = Folder.FileFor(progress.Step);
        CheckpointFile.Write(path, RunId, progress, permutation, pipeline, optimizer);
        Folder.Prune();
        Last = path;
        Written?.Invoke(path);
    }
}
