using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>The two assignments the built-in pair samplers produce, as static members of <see cref="PairAssignment"/>.</summary>
public static class PairAssignmentFactory
{
    extension(PairAssignment)
    {
        /// <summary>
        /// The class-pair assignment of docs/method.md: positives are the keys of the partner class, and both the anchor's
        /// and the partner's classes are left out of the negatives.
        /// </summary>
        /// <param name="labels">The anchors' labels y1, int64 [B].</param>
        /// <param name="partners">The partner classes y2, int64 [B].</param>
        public static PairAssignment ForClasses(Tensor labels, Tensor partners)
        {
            var keys = labels.unsqueeze(0);
            var positives = keys.eq(partners.unsqueeze(1));
            var sameAsAnchor = keys.eq(labels.unsqueeze(1));
            return new PairAssignment(labels, partners, positives, sameAsAnchor.logical_and(positives.logical_not()));
        }

        /// <summary>The instance assignment: the only positive is the other view of the same image; all else is negative.</summary>
        /// <param name="labels">The batch's labels, int64 [B] (any values: only their count and device matter).</param>
        public static PairAssignment ForInstances(Tensor labels)
        {
            var size = labels.shape[0];
            var positives = eye(size, dtype: ScalarType.Bool, device: labels.device);
            return new PairAssignment(labels, labels, positives, zeros(size, size, dtype: ScalarType.Bool, device: labels.device));
        }
    }
}
