using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;

namespace SimLap.Engine.Training;

/// <summary>An evaluator of the pipeline with its schedule and, for transfer, its own data.</summary>
/// <param name="Section">The YAML section it came from (<c>eval.0</c>).</param>
/// <param name="Evaluator">The evaluator.</param>
/// <param name="Every">Run every N epochs (0: as <c>train.eval_every</c> says, and at the end).</param>
/// <param name="Transfer">Another data set to evaluate on, or null for the experiment's own.</param>
public sealed record PipelineEvaluator(string Section, IEvaluator Evaluator, int Every, TransferData? Transfer)
{
    /// <summary>Whether it runs after <paramref name="epoch"/> of <paramref name="epochs"/>, given <c>train.eval_every</c>.</summary>
    public bool IsDue(int epoch, int epochs, int evalEvery) =>
        epoch == epochs || (Every > 0 ? epoch % Every == 0 : evalEvery > 0 && epoch % evalEvery == 0);
}

/// <summary>A data set an evaluator transfers to, loaded once.</summary>
/// <param name="Dataset">The data set.</param>
/// <param name="Train">Its labelled training split (what probes and kNN fit on).</param>
/// <param name="Test">Its test split.</param>
public sealed record TransferData(IDataset Dataset, ImageSet Train, ImageSet Test) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
