using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Draws the synthetic images of a list of (shape, colour) pairs with batched tensor operations: a coordinate grid is
/// moved, rotated and scaled per image, the shape's signed distance gives an anti-aliased mask, and the mask blends a
/// brightness-jittered colour over a noisy grey background.
/// </summary>
internal static class SyntheticRenderer
{
    /// <summary>Images drawn per chunk, which bounds the memory of the temporaries.</summary>
    private const long ChunkSize = 1024;

    private const double MinRadius = 0.18;
    private const double MaxRadius = 0.32;

    /// <summary>Renders uint8 [N, 3, size, size] images for the int64 [N] shape and colour ids, on the CPU.</summary>
    public static Tensor Render(Tensor shapes, Tensor colours, int size, double noise, Generator generator)
    {
        var count = shapes.shape[0];
        var chunks = new List<Tensor>();
        try
        {
            for (long start = 0; start < count; start += ChunkSize)
            {
                var length = Math.Min(ChunkSize, count - start);
                chunks.Add(RenderChunk(shapes.narrow(0, start, length), colours.narrow(0, start, length), size, noise, generator));
            }

            return chunks.Count == 1 ? chunks[0].alias() : cat(chunks, 0);
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                chunk.Dispose();
            }
        }
    }

    private static Tensor RenderChunk(Tensor shapes, Tensor colours, int size, double noise, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = shapes.shape[0];

        // Nuisances per image: radius, centre, rotation, colour brightness, background level.
        var draws = rand(n, 6, generator: generator);
        var radius = draws.select(1, 0).mul(MaxRadius - MinRadius).add_(MinRadius).mul_(size).view(n, 1, 1);
        var room = radius.mul(-2.0).add_(size);
        var centreX = draws.select(1, 1).view(n, 1, 1).mul(room).add_(radius);
        var centreY = draws.select(1, 2).view(n, 1, 1).mul(room).add_(radius);
        var angle = draws.select(1, 3).mul(2.0 * Math.PI).view(n, 1, 1);
        var brightness = draws.select(1, 4).mul(0.4).add_(0.75).view(n, 1);
        var background = draws.select(1, 5).mul(0.25).add_(0.1).view(n, 1, 1, 1);

        // Pixel centres in image coordinates, moved into each shape's rotated, scaled frame.
        var grid = arange(size, dtype: ScalarType.Float32).add_(0.5);
        var dx = grid.view(1, 1, size).sub(centreX);
        var dy = grid.view(1, size, 1).sub(centreY);
        var cos = angle.cos();
        var sin = angle.sin();
        var u = dx.mul(cos).add(dy.mul(sin)).div_(radius);
        var v = dy.mul(cos).sub(dx.mul(sin)).div_(radius);

        var distance = zeros(n, size, size);
        var shapeIds = shapes.view(n, 1, 1);
        foreach (var shape in shapes.unique().output.data<long>().ToArray())
        {
            distance = where(shapeIds.eq(shape), SyntheticShapes.SignedDistance((int)shape, u, v), distance);
        }

        // Anti-aliased coverage: distance in pixels, half a pixel of soft edge on each side.
        var mask = distance.mul(radius).neg_().add_(0.5).clamp_(0.0, 1.0).unsqueeze(1);

        var palette = tensor(SyntheticPalette.ColourValues).view(-1, 3);
        var foreground = palette.index_select(0, colours).mul(brightness).clamp_(0.0, 1.0).view(n, 3, 1, 1);
        var back = randn(new long[] { n, 3, size, size }, generator: generator).mul_(noise).add_(background);
        var image = back.mul(mask.neg().add_(1.0)).add_(foreground.mul(mask));

        return image.clamp_(0.0, 1.0).mul_(255.0).round_().to(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
