using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>The supervised baseline's loss, tensor in, tensor out: ( CE(logits1, y) + CE(logits2, y) ) / 2 over both views.</summary>
public static class SupervisedCrossEntropy
{
    /// <summary>The loss.</summary>
    /// <param name="logits1">Class logits of the first views [B, C].</param>
    /// <param name="logits2">Class logits of the second views [B, C].</param>
    /// <param name="labels">The images' classes [B].</param>
    /// <param name="labelSmoothing">The label smoothing of the cross-entropy (0 for none).</param>
    public static Tensor Loss(Tensor logits1, Tensor logits2, Tensor labels, double labelSmoothing) =>
        CrossEntropy(logits1, labels, labelSmoothing).add(CrossEntropy(logits2, labels, labelSmoothing)).div(2.0);

    private static Tensor CrossEntropy(Tensor logits, Tensor labels, double labelSmoothing) =>
        nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing);
}
