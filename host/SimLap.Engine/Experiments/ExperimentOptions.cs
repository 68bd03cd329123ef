using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Engine.Experiments;

/// <summary>The top-level keys of an experiment file, other than the component sections.</summary>
public sealed class ExperimentOptions : IValidatableObject
{
    /// <summary>The experiment's name.</summary>
    [Description("Name of the experiment (the run name unless tracking.run_name is set).")]
    public string Name { get; set; } = "experiment";

    /// <summary>The seed of every random stream.</summary>
    [Description("Seed of every random stream (data order, augmentation, pairs, initialisation).")]
    [Range(0L, long.MaxValue)]
    public long Seed { get; set; } = 1;

    /// <summary>The device.</summary>
    [Description("Device: auto, cpu, cuda or cuda:N (cuda needs the CUDA libtorch package).")]
    public string Device { get; set; } = "auto";

    /// <summary>CPU threads for libtorch.</summary>
    [Description("libtorch CPU threads; 0 = $OMP_NUM_THREADS, else libtorch's default.")]
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>
    /// Extra plugin folders: <c>plugins: [dir, ...]</c>, or <c>plugins.paths</c> of the mapping form
    /// <c>plugins: { paths: [...], pin: { Plugin: sha256 } }</c> (the pins are checked when plugins load, see <see cref="Plugins.PluginSettings"/>).
    /// </summary>
    [Description("Extra plugin folders, relative to this file: plugins: [dir] or plugins: { paths: [dir], pin: { Plugin: sha256 } }.")]
    public string[] Plugins { get; set; } = [];

    /// <summary>The training loop.</summary>
    [Description("Training loop: epochs, batch_size, optimizer, schedule, ...")]
    public TrainOptions Train { get; set; } = new();

    /// <summary>When training state is saved.</summary>
    [Description("Checkpoints: every, keep_last, dir, artifacts.")]
    public CheckpointOptions Checkpoint { get; set; } = new();

    /// <summary>Where the run is tracked.</summary>
    [Description("Tracking: experiment, uri, run_name.")]
    public TrackingOptions Tracking { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DeviceSpec.TryParse(Device, out _) is false)
        {
            yield return new ValidationResult($"'{Device}' is not a device; use auto, cpu, cuda or cuda:N.", [nameof(Device)]);
        }
    }
}
