using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Data;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class StreamedImageFolderTests
{
    private static ImageFolderDataset Dataset(string root, ImageStorage storage, int imageSize = 8, int memoryLimitMb = 4096, int perClass = 0, double validation = 0) =>
        new(new ImageFolderOptions { Root = root, ImageSize = imageSize, Storage = storage, MemoryLimitMb = memoryLimitMb, PerClass = perClass, ValidationFraction = validation }, VisionTestContext.Create());

    [Fact]
    public void AStreamedSplitReadsTheSamePixelsAndLabelsAsOneInMemory()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        using var memory = Dataset(temp.Path, ImageStorage.Memory).Load(DatasetSplit.Train);
        using var streamed = Dataset(temp.Path, ImageStorage.Stream).Load(DatasetSplit.Train);

        Assert.True(memory.InMemory);
        Assert.False(streamed.InMemory);
        Assert.Equal(memory.Count, streamed.Count);
        Assert.Equal(memory.Shape, streamed.Shape);
        Assert.Equal(memory.Labels!.data<long>().ToArray(), streamed.Labels!.data<long>().ToArray());
        Assert.Equal(memory.Images.data<byte>().ToArray(), streamed.Slice(0, streamed.Count).data<byte>().ToArray());
        using var order = tensor(new long[] { 4, 0, 5, 0 });
        Assert.Equal(memory.Gather(order).data<byte>().ToArray(), streamed.Gather(order).data<byte>().ToArray());
        var error = Assert.Throws<InvalidOperationException>(() => streamed.Images);
        Assert.Contains("Gather(indices)", error.Message);
    }

    [Fact]
    public void SubsetsAndValidationSplitsOfAStreamedFolderMatchTheInMemoryOnes()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        foreach (var (perClass, validation, split) in new[] { (2, 0.0, DatasetSplit.Train), (0, 0.34, DatasetSplit.Train), (0, 0.34, DatasetSplit.Test) })
        {
            using var memory = Dataset(temp.Path, ImageStorage.Memory, perClass: perClass, validation: validation).Load(split);
            using var streamed = Dataset(temp.Path, ImageStorage.Stream, perClass: perClass, validation: validation).Load(split);
            Assert.False(streamed.InMemory);
            Assert.Equal(memory.Labels!.data<long>().ToArray(), streamed.Labels!.data<long>().ToArray());
            Assert.Equal(memory.Images.data<byte>().ToArray(), streamed.Slice(0, streamed.Count).data<byte>().ToArray());
        }
    }

    [Fact]
    public void AutoStreamsOnlyTheSplitsWhoseDecodedImagesExceedTheMemoryLimit()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        // At 256 px one decoded image is 196,608 bytes: the 6 training images need 1.1 MiB, the 2 test images 0.4 MiB.
        var dataset = Dataset(temp.Path, ImageStorage.Auto, imageSize: 256, memoryLimitMb: 1);
        using var train = dataset.Load(DatasetSplit.Train);
        using var test = dataset.Load(DatasetSplit.Test);

        Assert.False(train.InMemory);
        Assert.True(test.InMemory);
    }

    [Fact]
    public void TheCacheKeepsTheFirstImagesDecodedUpToItsCapacityAndServesThemWithoutDecoding()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        var listing = ImageFolderScanner.Labelled(Path.Combine(temp.Path, "train"), ["cat", "zebra"]);
        using var source = new StreamedImageFolder(listing.Files, 8, 3, cachedImages: 4);
        using var reference = ImageFileDecoder.Decode(listing.Files, 8, 3);

        using (source.Gather(tensor(new long[] { 5, 1, 5 }))) { }   // 5 asked twice, decoded once
        Assert.Equal((2L, 2), (source.DecodedImages, source.CachedImages));

        using var mixed = source.Gather(tensor(new long[] { 0, 5, 2, 3, 1, 4 }));   // 5 and 1 cached; 0 and 2 fill the cache
        Assert.Equal((6L, 4), (source.DecodedImages, source.CachedImages));
        Assert.Equal(reference.index_select(0, tensor(new long[] { 0, 5, 2, 3, 1, 4 })).data<byte>().ToArray(), mixed.data<byte>().ToArray());

        using (source.Gather(tensor(new long[] { 2, 0, 1, 5 }))) { }   // all cached
        Assert.Equal(6L, source.DecodedImages);
        using (source.Gather(tensor(new long[] { 3, 4 }))) { }   // never kept: the cache was full
        Assert.Equal((8L, 4), (source.DecodedImages, source.CachedImages));
    }

    [Fact]
    public void WithoutACacheEveryRequestDecodesItsFilesAgain()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        var listing = ImageFolderScanner.Labelled(Path.Combine(temp.Path, "train"), ["cat", "zebra"]);
        using var source = new StreamedImageFolder(listing.Files, 8, 3, cachedImages: 0);

        using (source.Gather(arange(6L))) { }
        using (source.Gather(arange(6L))) { }

        Assert.Equal((12L, 0), (source.DecodedImages, source.CachedImages));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => source.Gather(tensor(new long[] { 6 })));
        Assert.Contains("image index 6 is outside 0..5", error.Message);
    }

    [Fact]
    public void FeaturesOfASetReadOnDemandAreExtractedInPartsAndMatchTheWholeTensor()
    {
        // 5,000 images of 1x2x2: more than one part of IFeatureExtractor.ImagesPerPart.
        using var images = randint(0, 256, [5000, 1, 2, 2], dtype: ScalarType.Byte, generator: new Generator(3));
        using var streamed = new ImageSet(new TensorSource(images), null);
        var extractor = new FlattenExtractor();

        using var whole = extractor.Extract(images);
        using var parts = ((IFeatureExtractor)extractor).Extract(streamed);

        Assert.Equal(2, extractor.Calls - 1);
        Assert.True(whole.eq(parts).all().item<bool>());
    }

    /// <summary>An in-memory tensor served through the on-demand interface.</summary>
    private sealed class TensorSource(Tensor images) : IImageSource
    {
        public long Count => images.shape[0];

        public (long Channels, long Height, long Width) Shape => (images.shape[1], images.shape[2], images.shape[3]);

        public Tensor Gather(Tensor indices) => images.index_select(0, indices);

        public void Dispose()
        {
        }
    }

    /// <summary>Features = the pixels as floats; counts its calls.</summary>
    private sealed class FlattenExtractor : IFeatureExtractor
    {
        public int Calls { get; private set; }

        public long FeatureDim => 4;

        public Tensor Extract(Tensor images)
        {
            Calls++;
            return images.reshape(images.shape[0], -1).to_type(ScalarType.Float32);
        }
    }
}
