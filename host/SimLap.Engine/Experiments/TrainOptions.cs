using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Engine.Experiments;

/// <summary><c>train</c>: the training loop.</summary>
public sealed class TrainOptions
{
    /// <summary>Number of epochs.</summary>
    [Description("Number of passes over the training set.")]
    [Range(1, 1_000_000)]
    public int Epochs { get; set; } = 10;

    /// <summary>Images per batch (each gives two views).</summary>
    [Description("Images per batch; each image gives two views.")]
    [Range(2, 1 << 20)]
    public int BatchSize { get; set; } = 256;

    /// <summary>Steps per epoch; 0 runs through the whole training set (the last incomplete batch is dropped).</summary>
    [Description("Steps per epoch; 0 = the whole training set (the last incomplete batch is dropped).")]
    [Range(0, int.MaxValue)]
    public int StepsPerEpoch { get; set; }

    /// <summary>The optimiser.</summary>
    [Description("The optimiser (type, lr, weight_decay, momentum, nesterov).")]
    public OptimizerOptions Optimizer { get; set; } = new();

    /// <summary>Clip the global gradient norm to this before each optimiser step; 0 = no clipping.</summary>
    [Description("Clip the global L2 norm of all gradients to this before each optimiser step (ViT recipes: 1 to 3); 0 = off.")]
    [Range(0.0, 1e6)]
    public double GradClipNorm { get; set; }

    /// <summary>Learning-rate schedule.</summary>
    [Description("Learning-rate schedule after warm-up: cosine, constant or step.")]
    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Cosine;

    /// <summary>Warm-up length in epochs (fractions allowed).</summary>
    [Description("Linear warm-up length in epochs (fractions allowed).")]
    [Range(0.0, 1_000_000.0)]
    public double WarmupEpochs { get; set; }

    /// <summary>Final learning rate of the cosine schedule as a fraction of the base rate.</summary>
    [Description("Final learning rate of the cosine schedule, as a fraction of lr.")]
    [Range(0.0, 1.0)]
    public double MinLrRatio { get; set; }

    /// <summary>Epochs at which the step schedule multiplies the learning rate by <see cref="StepGamma"/>.</summary>
    [Description("Epochs at which the step schedule multiplies the learning rate by step_gamma.")]
    public int[] Milestones { get; set; } = [];

    /// <summary>Factor of the step schedule.</summary>
    [Description("Factor applied at each milestone of the step schedule.")]
    [Range(0.0, 1.0)]
    public double StepGamma { get; set; } = 0.1;

    /// <summary>Train a linear classifier on detached backbone features during pre-training.</summary>
    [Description("Train a linear classifier on detached features during training and report its test top-1 every epoch (eval/online-probe/top1).")]
    public bool OnlineProbe { get; set; } = true;

    /// <summary>The online probe's learning rate.</summary>
    [Description("Learning rate of the online probe's own Adam optimiser.")]
    [Range(1e-8, 10.0)]
    public double ProbeLr { get; set; } = 1e-3;

    /// <summary>Batches prepared ahead on a background thread; unset: <see cref="PrefetchOn"/>'s default for the device.</summary>
    [Description("Batches prepared (gathered, moved to the device, augmented) ahead of the step on a background thread; 0 = on the training thread. Unset: 0 on the CPU, where the step's threads already use every core and a producer thread only competes with them, 2 on CUDA.")]
    [Range(0, 64)]
    public int? Prefetch { get; set; }

    /// <summary>
    /// The prefetch depth on <paramref name="device"/>: <see cref="Prefetch"/> when set, else 0 on the CPU and 2 on an
    /// accelerator. On 2 CPU cores, views made on the training thread trained small-cnn 8% and ResNet-18 3% faster
    /// than views made on a producer thread (bench: full loop, prefetch 2).
    /// </summary>
    public int PrefetchOn(TorchSharp.DeviceType device) => Prefetch ?? (device == TorchSharp.DeviceType.CPU ? 0 : 2);

    /// <summary>libtorch CPU threads of the prefetch thread when training on the CPU.</summary>
    [Description("libtorch threads the prefetch thread uses on the CPU (the step keeps `threads`); more than 1 competes with the step for the cores.")]
    [Range(1, 256)]
    public int PrefetchThreads { get; set; } = 1;

    /// <summary>Steps between reads of the loss values (reading forces a device synchronisation).</summary>
    [Description("Steps between reads of the loss (each read synchronises the device); every step is still logged.")]
    [Range(1, 1_000_000)]
    public int LogEvery { get; set; } = 10;

    /// <summary>Evaluate every N epochs (0: only at the end).</summary>
    [Description("Run the evaluators every N epochs; 0 = only after the last epoch.")]
    [Range(0, 1_000_000)]
    public int EvalEvery { get; set; }
}
