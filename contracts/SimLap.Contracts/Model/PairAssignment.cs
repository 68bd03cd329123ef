using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>
/// The pairs of one batch. Anchor i (a view-1 embedding) is paired with partner class <see cref="PartnerLabels"/>[i];
/// key j (a view-2 embedding) is a positive of i where <see cref="Positives"/>[i, j] is true, is left out of the
/// loss where <see cref="Excluded"/>[i, j] is true, and is a negative otherwise. The class and instance assignments are
/// SimLap.Contracts.Helpers' <c>PairAssignment.ForClasses(labels, partners)</c> and <c>PairAssignment.ForInstances(labels)</c>.
/// </summary>
/// <param name="AnchorLabels">The anchors' labels y1, int64 [B].</param>
/// <param name="PartnerLabels">The partner classes y2, int64 [B].</param>
/// <param name="Positives">bool [B, B].</param>
/// <param name="Excluded">bool [B, B], never true where <paramref name="Positives"/> is.</param>
public sealed record PairAssignment(Tensor AnchorLabels, Tensor PartnerLabels, Tensor Positives, Tensor Excluded);
