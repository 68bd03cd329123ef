using SimLap.Plugins.Core.Evaluators.Corruptions;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class CorruptionTests
{
    [Fact]
    public void EveryCorruptionKeepsShapeAndRangeAndGrowsWithSeverity()
    {
        var images = TestImages(channels: 3, size: 32);
        Assert.Equal(13, Enum.GetValues<Corruption>().Length);
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
            for (var severity = 2; severity <= 5; severity++)
            {
                Assert.True(change[severity] > change[severity - 1], $"{corruption}: mean |change| {string.Join(", ", change.Skip(1).Select(c => c.ToString("G4")))} is not increasing");
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
        foreach (var corruption in new[] { Corruption.GaussianNoise, Corruption.ShotNoise, Corruption.ImpulseNoise, Corruption.MotionBlur, Corruption.ElasticTransform })
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
