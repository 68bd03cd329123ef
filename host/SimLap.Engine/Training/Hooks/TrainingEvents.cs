using static TorchSharp.torch;

namespace SimLap.Engine.Training;

// The arguments of the events of ITrainingHook, in the order they are raised. Each carries the run's TrainingState;
// the few settable members carry what a hook computes for the hooks after it (the loss read, the epoch's throughput).

/// <summary>The arguments of <see cref="ITrainingHook.OnRunStart"/>.</summary>
/// <param name="Plan">The run's shape (epochs, steps, learning rates).</param>
/// <param name="State">Where training starts: the beginning, or a checkpoint's state.</param>
public sealed record RunStartArgs(TrainingPlan Plan, TrainingState State);

/// <summary>The arguments of <see cref="ITrainingHook.OnEpochStart"/>.</summary>
/// <param name="State">The run at the start of the epoch (mid-epoch with its losses so far, when resumed there).</param>
public sealed record EpochStartArgs(TrainingState State);

/// <summary>The arguments of <see cref="ITrainingHook.OnStepEnd"/>.</summary>
/// <param name="state">The run; its step is the one just taken.</param>
/// <param name="values">The step's loss terms and diagnostics (float32 [terms], on the device, unread).</param>
/// <param name="termNames">The name of each entry of <paramref name="values"/>; the first is the objective.</param>
/// <param name="learningRate">The learning rate of the step.</param>
/// <param name="dataTime">How long the training thread waited for (or made) the step's batch.</param>
/// <param name="isLastOfEpoch">Whether it is the epoch's last step.</param>
public sealed class StepEndArgs(TrainingState state, Tensor values, IReadOnlyList<string> termNames, double learningRate, TimeSpan dataTime, bool isLastOfEpoch)
{
    private readonly List<KeyValuePair<string, double>> scalars = [];

    /// <summary>The run; its step is the one just taken.</summary>
    public TrainingState State { get; } = state;

    /// <summary>The 0-based step just taken.</summary>
    public long Step { get; } = state.Step;

    /// <summary>The 1-based epoch it belongs to.</summary>
    public int Epoch { get; } = state.Epoch;

    /// <summary>The step's loss terms and diagnostics (float32 [terms], on the device, unread); the metric buffer takes and disposes them.</summary>
    public Tensor Values { get; } = values;

    /// <summary>The name of each entry of <see cref="Values"/>; the first is the objective.</summary>
    public IReadOnlyList<string> TermNames { get; } = termNames;

    /// <summary>The learning rate of the step.</summary>
    public double LearningRate { get; } = learningRate;

    /// <summary>How long the training thread waited for (or made) the step's batch.</summary>
    public TimeSpan DataTime { get; } = dataTime;

    /// <summary>Whether it is the epoch's last step.</summary>
    public bool IsLastOfEpoch { get; } = isLastOfEpoch;

    /// <summary>The host-side values logged with the step (<see cref="Log"/>), in the order logged.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Scalars => scalars;

    /// <summary>The latest loss read at this step, set by the metric buffer (null when none was read).</summary>
    public double? Loss { get; set; }

    /// <summary>Logs <paramref name="value"/> with the step: buffered with its loss terms and stamped with the step's time.</summary>
    public void Log(string name, double value) => scalars.Add(new(name, value));
}

/// <summary>The arguments of <see cref="ITrainingHook.OnEpochEnd"/>.</summary>
/// <param name="state">The run after the epoch's last step, its losses read.</param>
public sealed class EpochEndArgs(TrainingState state)
{
    /// <summary>The run after the epoch's last step, its losses read.</summary>
    public TrainingState State { get; } = state;

    /// <summary>The epoch's duration and images per second, set by the throughput hook (null without it).</summary>
    public EpochThroughput? Throughput { get; set; }
}

/// <summary>How fast an epoch trained.</summary>
/// <param name="Seconds">Wall-clock seconds of the epoch.</param>
/// <param name="ImagesPerSecond">Training images per second.</param>
/// <param name="DataFraction">The share of the epoch the training thread spent waiting for (or making) batches.</param>
public sealed record EpochThroughput(double Seconds, double ImagesPerSecond, double DataFraction);

/// <summary>The arguments of <see cref="ITrainingHook.OnEvaluation"/>.</summary>
/// <param name="State">The run after the epoch's last step.</param>
/// <param name="Results">The last value of every evaluation metric of the run; evaluating hooks add theirs.</param>
/// <param name="Cancellation">Stops an evaluation within a batch (<see cref="OperationCanceledException"/>).</param>
public sealed record EvaluationArgs(TrainingState State, IDictionary<string, double> Results, CancellationToken Cancellation);

/// <summary>The arguments of <see cref="ITrainingHook.OnInterrupt"/>.</summary>
/// <param name="State">Where the run stopped: before the step not taken, or at the end of an epoch not (fully) evaluated.</param>
public sealed record InterruptArgs(TrainingState State);

/// <summary>The arguments of <see cref="ITrainingHook.OnRunEnd"/>.</summary>
/// <param name="State">The run after its last epoch.</param>
public sealed record RunEndArgs(TrainingState State);
