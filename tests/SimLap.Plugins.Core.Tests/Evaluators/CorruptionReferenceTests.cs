using SimLap.Plugins.Core.Evaluators.Corruptions;
using SimLap.Plugins.Core.Tests.Evaluators.Reference;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>The batched corruptions against their old implementations (<see cref="CorruptionReference"/>): the same pixels, bit for bit.</summary>
public sealed class CorruptionReferenceTests
{
    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void ZoomBlurEqualsTheOldPerImageGrids(int channels, int size)
    {
        var images = CorruptionTests.TestImages(channels, size, count: 6);
        for (var severity = 1; severity <= 5; severity++)
        {
            using var scope = NewDisposeScope();
            var batched = ImageCorruptions.Apply(images, Corruption.ZoomBlur, severity, new Generator(3, CPU));
            var reference = CorruptionReference.ZoomBlur(images, CorruptionParameters.ZoomBlur[severity - 1]);
            Assert.True(batched.eq(reference).all().item<bool>(), $"zoom blur s{severity}, {channels} channel(s): max |difference| {batched.sub(reference).abs().max().item<float>():G3}");
        }
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void SnowEqualsTheOldPerImageGridsAndDrawsTheSameNumbers(int channels, int size)
    {
        var images = CorruptionTests.TestImages(channels, size, count: 6);
        var pixels = Math.Max(1.0, size / 32.0);
        for (var severity = 1; severity <= 5; severity++)
        {
            using var scope = NewDisposeScope();
            var batched = ImageCorruptions.Apply(images, Corruption.Snow, severity, new Generator(11, CPU));
            var reference = CorruptionReference.Snow(images, CorruptionParameters.Snow[severity - 1], pixels, new Generator(11, CPU));
            Assert.True(batched.eq(reference).all().item<bool>(), $"snow s{severity}, {channels} channel(s): max |difference| {batched.sub(reference).abs().max().item<float>():G3}");
        }
    }
}
