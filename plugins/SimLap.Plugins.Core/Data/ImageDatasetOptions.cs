using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Components;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Options every file-backed data set shares: where its files are, which subset of the training split is used,
/// a validation split carved out of the training split, and an explicit label-free mode.
/// </summary>
public abstract class ImageDatasetOptions : IValidatableObject
{
    /// <summary>The folder holding the data set's files; empty: <c>$SIMLAP_DATA/&lt;name&gt;</c>, else <c>~/.simlap/data/&lt;name&gt;</c>, else <c>/usr/share/datasets/&lt;name&gt;</c>.</summary>
    [Description("Folder holding the data set's files; empty: $SIMLAP_DATA/<name>, else ~/.simlap/data/<name>, else /usr/share/datasets/<name> (Debian's dataset packages).")]
    [FilePath]
    public string Root { get; set; } = "";

    /// <summary>Fraction of each class of the training split that is used (1: all), taken at random from <c>seed</c>.</summary>
    [Description("Fraction of each class of the training split used for training (1: all), drawn from the seed.")]
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Fraction { get; set; } = 1.0;

    /// <summary>Training images per class (0: all), drawn at random from <c>seed</c>; needs labels.</summary>
    [Description("Training images kept per class (0: all), drawn from the seed; class-balanced, needs labels.")]
    [Range(0, int.MaxValue)]
    public int PerClass { get; set; }

    /// <summary>Fraction of each class of the training split held out as a validation split (0: none).</summary>
    [Description("Fraction of each class of the training split held out as a validation split, never trained on (0: none).")]
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double ValidationFraction { get; set; }

    /// <summary>What the evaluation split is: the test split, or the validation split carved out of the training split.</summary>
    [Description("Evaluation split: test (the data set's test split) or validation (needs validation_fraction > 0).")]
    public EvaluationSplit EvaluateOn { get; set; } = EvaluationSplit.Test;

    /// <summary>Drops the labels: the data is used as label-free (methods that need labels refuse it).</summary>
    [Description("Drop the labels and use the data as label-free (methods that need labels refuse it).")]
    public bool LabelFree { get; set; }

    /// <summary>Seed of the subset and of the validation split; 0 derives it from the experiment seed.</summary>
    [Description("Seed of the subset and the validation split; 0 derives it from the experiment seed.")]
    [Range(typeof(long), "0", "9223372036854775807")]
    public long Seed { get; set; }

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PerClass > 0 && Fraction < 1.0)
        {
            yield return new ValidationResult("set either fraction or per_class, not both.", [nameof(PerClass)]);
        }

        if (EvaluateOn == EvaluationSplit.Validation && !(ValidationFraction > 0.0))
        {
            yield return new ValidationResult(
                "evaluate_on: validation needs a validation split: set validation_fraction (for example 0.1).", [nameof(EvaluateOn)]);
        }
    }
}
