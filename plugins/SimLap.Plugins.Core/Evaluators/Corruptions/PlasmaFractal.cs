using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// Diamond-square plasma fractals, as CIFAR-10-C's fog draws them: one height map per image, wrapping around at the
/// edges. Each octave sets the centres of the squares, then the midpoints of their edges, to the mean of their four
/// neighbours plus noise uniform in ±wibble², with wibble starting at 100 and divided by the decay every octave; each map
/// is then normalised to [0, 1].
/// </summary>
public static class PlasmaFractal
{
    /// <summary>
    /// <paramref name="count"/> maps [count, size, size] (float64, min 0 and max 1 each) of a power-of-two
    /// <paramref name="size"/> (at least 2); a larger <paramref name="decay"/> gives smoother maps.
    /// </summary>
    public static Tensor Generate(long count, long size, double decay, Generator generator)
    {
        if (size < 2 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Plasma fractals need a power-of-two size of at least 2.");
        }

        using var scope = NewDisposeScope();
        var all = TensorIndex.Colon;
        var map = zeros(new long[] { count, size, size }, dtype: ScalarType.Float64);
        var wibble = 100.0;
        for (var step = size; step >= 2; step /= 2, wibble /= decay)
        {
            var half = step / 2;
            var corners = TensorIndex.Slice(0, null, step);
            var middles = TensorIndex.Slice(half, null, step);
            var upperLeft = map[all, corners, corners].clone();
            var squares = upperLeft.add(upperLeft.roll(-1, 1));
            squares = squares.add(squares.roll(-1, 2));
            map[all, middles, middles] = Wibbled(squares, wibble, generator);

            var centres = map[all, middles, middles].clone();
            var rows = centres.add(centres.roll(1, 1)).add(upperLeft.add(upperLeft.roll(-1, 2)));
            map[all, corners, middles] = Wibbled(rows, wibble, generator);
            var columns = centres.add(centres.roll(1, 2)).add(upperLeft.add(upperLeft.roll(-1, 1)));
            map[all, middles, corners] = Wibbled(columns, wibble, generator);
        }

        var shifted = map.sub(map.amin([1L, 2L], keepdim: true));
        return shifted.div(shifted.amax([1L, 2L], keepdim: true).clamp_min(1e-12)).MoveToOuterDisposeScope();
    }

    private static Tensor Wibbled(Tensor sums, double wibble, Generator generator) =>
        sums.div(4).add(rand(sums.shape, dtype: ScalarType.Float64, generator: generator).mul(2).sub(1).mul(wibble * wibble));
}
