using SimLap.Plugins.Core.Evaluators.Corruptions;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class CorruptionTests
{
    [Fact]
    public void EveryCorruptionKeepsShapeAndRangeAndGrowsWithSeverity()
    {
        var images = TestImages(channels: 3, size: 32);
        Assert.Equal(16, Enum.GetValues<Corruption>().Length);
        foreach (var corruption in Enum.GetValues<Corruption>())
        {
            var change = new double[6];
            for (var severity = 1; severity <= 5; severity++)
            {
                using var generator = new Generator(21, CPU);
                using var corrupted = ImageCorruptions.Apply(images, corruption, severity, generator);
                Assert.Equal(images.shape, corrupted.shape);
                Assert.Equal(ScalarType.Float32, corrupted.dtype);
                Assert.True(corrupted.min().item<float>() >= 0 && corrupted.max().item<float>() <= 1, $"{corruption} s{severity} leaves [0, 1]");
                change[severity] = corrupted.sub(images).abs().mean().item<float>();
            }

            Assert.True(change[1] > 0, $"{corruption} s1 changes nothing");

            // As in CIFAR-10-C, five corruptions are not monotonic in mean |change|. Glass blur's s1..s3 differ only in a
            // sigma whose smoothing partly undoes the shuffling: its two-round severities change more than the one-round
            // ones of the same sigma instead. Snow's s2 and s3 add about as much snow: s3's zoom interpolates the layer,
            // narrowing its spread, so about as few values pass the higher threshold. Motion blur's s3 and s4 share sigma 2
            // and differ only in a radius (6 vs 8) beyond which the Gaussian along the line is negligible. Elastic
            // transform's shrinks at every step (here and with CIFAR-10-C's code): its affine moves fall from 2.56 to .96 px.
            // Saturate desaturates at s1-s2 (x .3, x .1) and saturates at s3-s5, each half growing with severity.
            (int Weaker, int Stronger)[] steps = corruption switch
            {
                Corruption.MotionBlur => [(1, 2), (2, 3), (2, 4), (3, 5), (4, 5)],
                Corruption.GlassBlur => [(1, 5), (2, 4), (3, 5)],
                Corruption.Snow => [(1, 2), (1, 3), (2, 4), (3, 4), (4, 5)],
                Corruption.ElasticTransform => [],
                Corruption.Saturate => [(1, 2), (3, 4), (4, 5)],
                _ => [(1, 2), (2, 3), (3, 4), (4, 5)],
            };
            foreach (var (weaker, stronger) in steps)
            {
                Assert.True(change[stronger] > change[weaker], $"{corruption}: mean |change| {string.Join(", ", change.Skip(1).Select(c => c.ToString("G4")))} is not increasing");
            }
        }
    }

    [Fact]
    public void OneChannelAndOddSizedImagesAreSupported()
    {
        var images = TestImages(channels: 1, size: 12);
        foreach (var corruption in Enum.GetValues<Corruption>())
        {
            using var generator = new Generator(2, CPU);
            using var corrupted = ImageCorruptions.Apply(images, corruption, 5, generator);
            Assert.Equal(images.shape, corrupted.shape);
            Assert.True(corrupted.min().item<float>() >= 0 && corrupted.max().item<float>() <= 1);
            Assert.True((corruption == Corruption.Saturate) == Same(corrupted, images), $"{corruption}");
        }
    }

    [Fact]
    public void ASeverityIsReproducibleUnderASeedAndVariesAcrossSeeds()
    {
        var images = TestImages(channels: 3, size: 16);
        foreach (var corruption in new[] { Corruption.GaussianNoise, Corruption.ShotNoise, Corruption.ImpulseNoise, Corruption.MotionBlur, Corruption.ElasticTransform, Corruption.Fog, Corruption.GlassBlur, Corruption.Snow })
        {
            using var first = ImageCorruptions.Apply(images, corruption, 3, new Generator(5, CPU));
            using var second = ImageCorruptions.Apply(images, corruption, 3, new Generator(5, CPU));
            using var other = ImageCorruptions.Apply(images, corruption, 3, new Generator(6, CPU));
            Assert.True(Same(first, second), $"{corruption} is not reproducible");
            Assert.False(Same(first, other), $"{corruption} ignores the seed");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCorruptions.Apply(images, Corruption.Jpeg, 6, new Generator(1, CPU)));
    }

    [Fact]
    public void JpegKeepsFlatGreyImages()
    {
        // A flat grey image has only DC coefficients, which quantise exactly at 128: unchanged at every quality.
        using var grey = full(new long[] { 1, 3, 16, 16 }, 128.0 / 255, dtype: ScalarType.Float32);
        using var encoded = ImageCorruptions.Apply(grey, Corruption.Jpeg, 5, new Generator(1, CPU));
        Assert.True(encoded.allclose(grey, atol: 1e-5));
    }

    [Fact]
    public void PlasmaFractalsSpanZeroToOneAndAreSmooth()
    {
        using var generator = new Generator(3, CPU);
        using var maps = PlasmaFractal.Generate(4, 32, 2, generator);
        Assert.Equal(new long[] { 4, 32, 32 }, maps.shape);
        Assert.Equal(ScalarType.Float64, maps.dtype);
        Assert.All(maps.amin([1L, 2L]).data<double>().ToArray(), m => Assert.Equal(0, m, 12));
        Assert.All(maps.amax([1L, 2L]).data<double>().ToArray(), m => Assert.Equal(1, m, 12));

        // Neighbouring pixels of uniform noise differ by 1/3 on average; a fractal's by far less.
        var step = NeighbourDifference(maps);
        var noise = NeighbourDifference(rand(new long[] { 4, 32, 32 }, dtype: ScalarType.Float64, generator: generator));
        Assert.InRange(noise, 0.3, 0.37);
        Assert.True(step < noise / 4, $"fractal neighbour difference {step:G3} vs noise {noise:G3}");

        // A faster decay (smaller divisor of the noise per octave) leaves more fine detail; every map is its own.
        Assert.True(NeighbourDifference(PlasmaFractal.Generate(4, 32, 1.75, new Generator(3, CPU))) > NeighbourDifference(PlasmaFractal.Generate(4, 32, 3, new Generator(3, CPU))));
        Assert.False(Same(maps[0], maps[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlasmaFractal.Generate(1, 24, 2, generator));
    }

    [Fact]
    public void FogLiftsTheDarkPartsMoreAtHigherSeveritiesWithOneFractalPerImage()
    {
        // Black images with one white pixel: fog scales by max(x) / (max(x) + amount), so the image's maximum matters.
        using var images = zeros(new long[] { 4, 3, 32, 32 }, dtype: ScalarType.Float32);
        images[TensorIndex.Ellipsis, 0, 0] = tensor(1f);
        var means = new double[6];
        for (var severity = 1; severity <= 5; severity++)
        {
            using var fogged = ImageCorruptions.Apply(images, Corruption.Fog, severity, new Generator(4, CPU));
            Assert.True(fogged.min().item<float>() >= 0 && fogged.max().item<float>() <= 1);
            means[severity] = fogged.mean().item<float>();
            Assert.True(severity == 1 || means[severity] > means[severity - 1], $"fog means {string.Join(", ", means.Skip(1).Select(m => m.ToString("G4")))} do not grow");

            // The same fractal on every channel, a different one per image.
            Assert.True(Same(fogged[0, 0], fogged[0, 2]));
            Assert.False(Same(fogged[0], fogged[1]));
        }

        Assert.InRange(means[1], 0.02, 0.2);
        Assert.InRange(means[5], 0.2, 0.6);

        // As in CIFAR-10-C, an all-black image (maximum 0) stays black.
        using var black = zeros(new long[] { 2, 3, 16, 16 }, dtype: ScalarType.Float32);
        Assert.True(Same(ImageCorruptions.Apply(black, Corruption.Fog, 5, new Generator(4, CPU)), black));
    }

    [Fact]
    public void GlassBlurKeepsConstantsAndMeansAndEachParameterStrengthensIt()
    {
        using var constant = full(new long[] { 2, 3, 32, 32 }, 0.4, dtype: ScalarType.Float32);
        using var random = rand(new long[] { 4, 3, 32, 32 }, generator: new Generator(9, CPU));
        var change = new double[6];
        var variation = new double[6];
        for (var severity = 1; severity <= 5; severity++)
        {
            Assert.True(ImageCorruptions.Apply(constant, Corruption.GlassBlur, severity, new Generator(5, CPU)).allclose(constant, atol: 1e-6));
            using var glass = ImageCorruptions.Apply(random, Corruption.GlassBlur, severity, new Generator(5, CPU));
            var drift = glass.mean([1L, 2L, 3L]).sub(random.mean([1L, 2L, 3L])).abs().max().item<float>();
            Assert.True(drift < 0.02, $"s{severity}: per-image mean moved by {drift:G3}");
            change[severity] = glass.sub(random).abs().mean().item<float>();
            variation[severity] = NeighbourDifference(glass);
        }

        // Shuffling moves 8 in 9 pixels to a neighbour's place (|u - v| is 1/3 on average for uniform noise).
        Assert.InRange(change[1], 0.25, 0.32);

        // A second round moves pixels further (s4 vs s2, s5 vs s3: same sigma); a larger sigma smooths more (s1..s3:
        // the same shuffle). Mean |change| alone is not monotonic: the smoothing partly undoes the shuffling.
        Assert.True(change[4] > change[2] && change[5] > change[3], $"glass blur mean |change| {string.Join(", ", change.Skip(1).Select(c => c.ToString("G4")))}");
        Assert.True(variation[3] < variation[2] && variation[2] < variation[1], $"glass blur neighbour differences {string.Join(", ", variation.Skip(1).Select(c => c.ToString("G4")))}");
    }

    [Fact]
    public void SnowBrightensABlackImageAtLeastByTheWhitening()
    {
        using var black = zeros(new long[] { 4, 3, 32, 32 }, dtype: ScalarType.Float32);
        var means = new double[6];
        for (var severity = 1; severity <= 5; severity++)
        {
            using var snowy = ImageCorruptions.Apply(black, Corruption.Snow, severity, new Generator(6, CPU));
            Assert.True(snowy.min().item<float>() >= 0 && snowy.max().item<float>() <= 1);
            means[severity] = snowy.mean().item<float>();

            // Without flakes a black pixel becomes (1 - blend) * 0.5: 0.025 at s1.
            Assert.True(snowy.min().item<float>() >= (1 - CorruptionParameters.Snow[severity - 1].Blend) * 0.5 - 1e-6);
            Assert.False(Same(snowy[0], snowy[1]));
        }

        Assert.True(means[1] > 0.025, $"snow s1 mean {means[1]:G3}");
        Assert.True(means[5] > means[1], $"snow means {string.Join(", ", means.Skip(1).Select(m => m.ToString("G4")))}");
    }

    [Fact]
    public void ElasticAffineSolveMapsThePointsToTheMovedOnes()
    {
        // At 32x32 the points are the centre 16 ± 32 / 3 = 10: (26, 26), (26, 6), (6, 6) as (x, y).
        using var points = ElasticTransformCorruption.AffinePoints(32, 32);
        Assert.Equal(new double[] { 26, 26, 26, 6, 6, 6 }, points.data<double>().ToArray());

        // Moving the first point 1 px along x only: x' = x + y / 20 - 0.3 (26 -> 27 at y = 26, kept at y = 6), y' = y.
        using var from = points.unsqueeze(0);
        using var to = from.add(tensor(new double[] { 1, 0, 0, 0, 0, 0 }).view(1, 3, 2));
        using var shear = ElasticTransformCorruption.SolveAffine(from, to);
        Assert.True(shear.allclose(tensor(new double[] { 1, 0.05, -0.3, 0, 1, 0 }).view(1, 2, 3), atol: 1e-12));

        // Batched: every map takes its three points to their moved places.
        using var froms = from.expand(3, 3, 2);
        using var moved = froms.add(ElasticTransformCorruption.RandomMoves(3, 2.56, new Generator(3, CPU)));
        using var maps = ElasticTransformCorruption.SolveAffine(froms, moved);
        using var mapped = froms.matmul(maps.narrow(2, 0, 2).transpose(1, 2)).add(maps.select(2, 2).unsqueeze(1));
        Assert.True(mapped.allclose(moved, atol: 1e-9));
    }

    [Fact]
    public void ElasticWarpsMoveColumnsAlongXAndRowsAlongYWithTheReferenceBorders()
    {
        var images = TestImages(channels: 3, size: 16);
        var all = TensorIndex.Colon;
        Assert.True(ElasticTransformCorruption.WarpAffine(images, zeros(4, 3, 2, dtype: ScalarType.Float64)).allclose(images, atol: 1e-6));

        // Moving all three points 1 px along x shifts the image one column right; OpenCV's reflect-101 border refills
        // column 0 with column 1. Along y it shifts rows.
        using var right = ElasticTransformCorruption.WarpAffine(images, tensor(new double[] { 1, 0 }).expand(4, 3, 2));
        Assert.True(right[.., .., all, TensorIndex.Slice(1)].allclose(images[.., .., all, TensorIndex.Slice(0, -1)], atol: 1e-5));
        Assert.True(right.select(3, 0).allclose(images.select(3, 1), atol: 1e-5));
        using var down = ElasticTransformCorruption.WarpAffine(images, tensor(new double[] { 0, 1 }).expand(4, 3, 2));
        Assert.True(down[.., .., TensorIndex.Slice(1)].allclose(images[.., .., TensorIndex.Slice(0, -1)], atol: 1e-5));

        // A field of +1 along x samples the next column (scipy's 'reflect' repeats the last one); -1 along y the row above.
        using var field = zeros(4, 2, 16, 16, dtype: ScalarType.Float64);
        field.select(1, 0).fill_(1);
        using var next = ElasticTransformCorruption.Displace(images, field);
        Assert.True(next[.., .., all, TensorIndex.Slice(0, -1)].allclose(images[.., .., all, TensorIndex.Slice(1)], atol: 1e-5));
        Assert.True(next.select(3, 15).allclose(images.select(3, 15), atol: 1e-5));
        field.select(1, 0).fill_(0);
        field.select(1, 1).fill_(-1);
        using var above = ElasticTransformCorruption.Displace(images, field);
        Assert.True(above[.., .., TensorIndex.Slice(1)].allclose(images[.., .., TensorIndex.Slice(0, -1)], atol: 1e-5));
        Assert.True(above.select(2, 0).allclose(images.select(2, 0), atol: 1e-5));
    }

    [Fact]
    public void ElasticSeverityOneIsAPureAffineWarpAndConstantsStayConstant()
    {
        var images = TestImages(channels: 3, size: 32);
        using var affine = ElasticTransformCorruption.WarpAffine(images, ElasticTransformCorruption.RandomMoves(4, 2.56, new Generator(7, CPU)));
        using var severity1 = ImageCorruptions.Apply(images, Corruption.ElasticTransform, 1, new Generator(7, CPU));
        Assert.True(Same(severity1, affine.clamp(0, 1)));
        Assert.False(Same(severity1[0], severity1[1]));

        using var constant = full(new long[] { 2, 3, 32, 32 }, 0.4, dtype: ScalarType.Float32);
        for (var severity = 1; severity <= 5; severity++)
        {
            Assert.True(ImageCorruptions.Apply(constant, Corruption.ElasticTransform, severity, new Generator(5, CPU)).allclose(constant, atol: 1e-6));
        }
    }

    private static double NeighbourDifference(Tensor maps) =>
        maps.diff(dim: -1).abs().mean().add(maps.diff(dim: -2).abs().mean()).div(2).to(ScalarType.Float64).item<double>();

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    /// <summary>Colourful images with edges and natural-looking smoothness: gradients, a bright square and smooth random texture, in (0, 1).</summary>
    internal static Tensor TestImages(int channels, int size, int count = 4)
    {
        var generator = new Generator(8, CPU);
        var ramp = linspace(0.15, 0.85, size, dtype: ScalarType.Float32);
        var horizontal = ramp.view(1, 1, 1, size).expand(count, channels, size, size);
        var vertical = ramp.view(1, 1, size, 1).expand(count, channels, size, size);
        var tint = rand(new long[] { count, channels, 1, 1 }, generator: generator).mul(0.5).add(0.25);
        var images = horizontal.mul(tint).add(vertical.mul(tint.neg().add(1))).mul(0.8);
        var square = zeros(1, 1, size, size);
        square[TensorIndex.Ellipsis, TensorIndex.Slice(size / 4, size / 2), TensorIndex.Slice(size / 4, size / 2)] = tensor(0.3f);
        var coarse = rand(new long[] { count, channels, Math.Max(2, size / 4), Math.Max(2, size / 4) }, generator: generator).sub(0.5).mul(0.3);
        var texture = nn.functional.interpolate(coarse, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        return images.add(square).add(texture).clamp(0.02, 0.98).contiguous();
    }
}
