using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>
/// The pairs of one batch. Anchor i (a view-1 embedding) is paired with partner class <see cref="PartnerLabels"/>[i];
/// key j (a view-2 embedding) is a positive of i where <see cref="Positives"/>[i, j] is true, is left out of the
/// loss where <see cref="Excluded"/>[i, j] is true, and is a negative otherwise.
/// </summary>
/// <param name="AnchorLabels">The anchors' labels y1, int64 [B].</param>
/// <param name="PartnerLabels">The partner classes y2, int64 [B].</param>
/// <param name="Positives">bool [B, B].</param>
/// <param name="Excluded">bool [B, B], never true where <paramref name="Positives"/> is.</param>
public sealed record PairAssignment(Tensor AnchorLabels, Tensor PartnerLabels, Tensor Positives, Tensor Excluded)
{
    /// <summary>
    /// The class-pair assignment of docs/method.md: positives are the keys of the partner class, and both the anchor's
    /// and the partner's classes are left out of the negatives.
    /// </summary>
    public static PairAssignment ForClasses(Tensor labels, Tensor partners)
    {
        var keys = labels.unsqueeze(0);
        var positives = keys.eq(partners.unsqueeze(1));
        var sameAsAnchor = keys.eq(labels.unsqueeze(1));
        return new PairAssignment(labels, partners, positives, sameAsAnchor.logical_and(positives.logical_not()));
    }

    /// <summary>The instance assignment: the only positive is the other view of the same image; all else is negative.</summary>
    public static PairAssignment ForInstances(Tensor labels)
    {
        var size = labels.shape[0];
        var positives = eye(size, dtype: ScalarType.Bool, device: labels.device);
        return new PairAssignment(labels, labels, positives, zeros(size, size, dtype: ScalarType.Bool, device: labels.device));
    }
}
