namespace SimLap.Contracts.Data;

/// <summary>
/// Implemented by a data set whose training split may be label-free (unlabelled pre-training) while it also has
/// labelled training images, as STL-10 does. Evaluators (kNN, probes) then fit on this labelled reference instead
/// of the label-free training split.
/// </summary>
public interface ILabelledReference
{
    /// <summary>Loads the labelled images evaluators fit on, or returns null when the training split itself is labelled.</summary>
    ImageSet? LoadLabelledReference();
}
