namespace SimLap.Engine.Training;

/// <summary>
/// The names of the metrics a run logs, in one place: what the trainer and its hooks log, and what sweeps, summaries
/// and reports read back. Evaluators name their own keys; they are logged under <see cref="EvaluatorPrefix(string)"/>.
/// </summary>
public static class MetricNames
{
    /// <summary>The prefix of every training metric.</summary>
    public const string TrainPrefix = "train/";

    /// <summary>The prefix of every evaluation metric.</summary>
    public const string EvalPrefix = "eval/";

    /// <summary>The step's objective (loss plus gate penalty), per step.</summary>
    public const string Loss = TrainPrefix + "loss";

    /// <summary>The learning rate of the step, per step.</summary>
    public const string LearningRate = TrainPrefix + "lr";

    /// <summary>The momentum of the target network's update, per step (momentum losses only).</summary>
    public const string Momentum = TrainPrefix + "momentum";

    /// <summary>The mean loss of the epoch, at its last step.</summary>
    public const string EpochLoss = TrainPrefix + "epoch_loss";

    /// <summary>The 1-based epoch, at its last step.</summary>
    public const string Epoch = TrainPrefix + "epoch";

    /// <summary>The epoch's training images per second, at its last step.</summary>
    public const string ImagesPerSecond = TrainPrefix + "images_per_second";

    /// <summary>The share of the epoch the training thread waited for (or made) its batches, at its last step.</summary>
    public const string DataTimeFraction = TrainPrefix + "data_time_fraction";

    /// <summary>A trial's final loss (the mean loss of its last epoch), in a sweep's results.</summary>
    public const string FinalLoss = TrainPrefix + "final_loss";

    /// <summary>The online linear probe's top-1 accuracy on the test split, in %.</summary>
    public const string OnlineProbeTop1 = EvalPrefix + "online-probe/top1";

    /// <summary>A loss term or diagnostic of the step (<c>train/&lt;term&gt;</c>), per step.</summary>
    public static string Term(string name) => TrainPrefix + name;

    /// <summary>The prefix of an evaluator's metrics: <c>eval/&lt;protocol&gt;/</c>.</summary>
    public static string EvaluatorPrefix(string protocol) => $"{EvalPrefix}{protocol}/";

    /// <summary>The prefix of an evaluator's metrics on another data set: <c>eval/&lt;protocol&gt;/&lt;data set&gt;/</c>.</summary>
    public static string EvaluatorPrefix(string protocol, string dataset) => $"{EvalPrefix}{protocol}/{dataset}/";
}
