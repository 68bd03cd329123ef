using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Data;

/// <summary>Options of the <c>stl10</c> data set.</summary>
public sealed class Stl10Options : DownloadableDatasetOptions
{
    /// <summary>The part trained on: train, unlabeled or train-and-unlabeled (the last two are label-free).</summary>
    [Description("Part trained on: train (5,000 labelled), unlabeled (100,000, label-free) or train-and-unlabeled (label-free).")]
    public Stl10Split TrainSplit { get; set; } = Stl10Split.Train;

    /// <summary>The part evaluated on: test or train (both labelled).</summary>
    [Description("Part evaluated on: test (8,000 labelled) or train.")]
    public Stl10Split TestSplit { get; set; } = Stl10Split.Test;

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (TestSplit is not (Stl10Split.Test or Stl10Split.Train))
        {
            yield return new ValidationResult("test_split must be test or train: evaluation needs labels, and the unlabeled part has none.", [nameof(TestSplit)]);
        }

        if (TrainSplit == Stl10Split.Test)
        {
            yield return new ValidationResult("train_split must be train, unlabeled or train-and-unlabeled: training on the test part would leak it into evaluation.", [nameof(TrainSplit)]);
        }

        if (PerClass > 0 && TrainSplit is Stl10Split.Unlabeled or Stl10Split.TrainAndUnlabeled)
        {
            yield return new ValidationResult($"per_class needs labels, but train_split {TrainSplit} is label-free; use fraction instead.", [nameof(PerClass)]);
        }
    }
}
