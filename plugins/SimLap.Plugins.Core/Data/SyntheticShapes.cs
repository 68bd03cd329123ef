using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Signed distance functions of the synthetic shapes, in shape-local units (the shape spans about [-1, 1]):
/// negative inside, positive outside.
/// </summary>
internal static class SyntheticShapes
{
    /// <summary>The signed distance of shape <paramref name="shape"/> at local coordinates (u, v).</summary>
    public static Tensor SignedDistance(int shape, Tensor u, Tensor v) => shape switch
    {
        0 => Radius(u, v).sub_(1.0),
        1 => maximum(u.abs(), v.abs()).sub_(0.8),
        2 => Triangle(u, v),
        3 => Radius(u, v).sub_(0.75).abs_().sub_(0.2),
        4 => minimum(Box(u, v, 1.0, 0.3), Box(u, v, 0.3, 1.0)),
        5 => Box(u, v, 1.0, 0.35),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown synthetic shape."),
    };

    private static Tensor Radius(Tensor u, Tensor v) => u.square().add_(v.square()).sqrt_();

    private static Tensor Box(Tensor u, Tensor v, double halfWidth, double halfHeight) =>
        maximum(u.abs().sub_(halfWidth), v.abs().sub_(halfHeight));

    /// <summary>An equilateral triangle with inradius 0.55: the largest of three half-plane distances.</summary>
    private static Tensor Triangle(Tensor u, Tensor v)
    {
        Tensor? result = null;
        foreach (var degrees in new[] { -90.0, 30.0, 150.0 })
        {
            var angle = degrees * Math.PI / 180.0;
            var side = u.mul(Math.Cos(angle)).add_(v.mul(Math.Sin(angle)));
            result = result is null ? side : maximum(result, side);
        }

        return result!.sub_(0.55);
    }
}
