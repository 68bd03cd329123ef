using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class SubsetSelectionTests
{
    private static Tensor Labels(params int[] sizes) =>
        tensor(sizes.SelectMany((size, label) => Enumerable.Repeat((long)label, size)).ToArray());

    private static long[] Counts(Tensor labels, Tensor indices, int classes) =>
        labels.index_select(0, indices).bincount(null, classes).data<long>().ToArray();

    [Fact]
    public void FractionKeepsThatShareOfEveryClassInFileOrderAndDependsOnTheSeed()
    {
        var labels = Labels(10, 20, 4);

        var first = SubsetSelection.Select(34, labels, 0.5, 0, new Generator(1));
        var again = SubsetSelection.Select(34, labels, 0.5, 0, new Generator(1));
        var other = SubsetSelection.Select(34, labels, 0.5, 0, new Generator(2));

        Assert.Equal(new long[] { 5, 10, 2 }, Counts(labels, first, 3));
        Assert.Equal(first.data<long>().ToArray(), again.data<long>().ToArray());
        Assert.NotEqual(first.data<long>().ToArray(), other.data<long>().ToArray());
        Assert.Equal(first.data<long>().Order().ToArray(), first.data<long>().ToArray());
        // A tiny fraction still keeps one image of each class; label-free data count as one class.
        Assert.Equal(new long[] { 1, 1, 1 }, Counts(labels, SubsetSelection.Select(34, labels, 0.01, 0, new Generator(1)), 3));
        Assert.Equal(17, SubsetSelection.Select(34, null, 0.5, 0, new Generator(1)).shape[0]);
    }

    [Fact]
    public void PerClassIsBalancedTakesAllOfASmallClassAndIsUniformOverImages()
    {
        var labels = Labels(10, 6, 3);

        Assert.Equal(new long[] { 4, 4, 3 }, Counts(labels, SubsetSelection.Select(19, labels, 1.0, 4, new Generator(5)), 3));
        Assert.Equal(new[] { (2L, 3L) }, SubsetSelection.SmallClasses(labels, 4));

        // Over many seeds every image of class 0 is picked about 4 times in 10.
        var picks = zeros(19, dtype: ScalarType.Int64);
        for (ulong seed = 0; seed < 400; seed++)
        {
            picks.index_add_(0, SubsetSelection.Select(19, labels, 1.0, 4, new Generator(seed)), ones(4 + 4 + 3, dtype: ScalarType.Int64), 1);
        }

        var rate = picks.narrow(0, 0, 10).to_type(ScalarType.Float64).div(400);
        Assert.True(rate.min().item<double>() > 0.3 && rate.max().item<double>() < 0.5, $"pick rates {string.Join(", ", rate.data<double>().ToArray())}");
    }

    [Fact]
    public void TheValidationSplitIsStratifiedDisjointAndCoversTheTrainingSplit()
    {
        var labels = Labels(20, 10, 1);

        var (train, validation) = SubsetSelection.SplitValidation(31, labels, 0.2, new Generator(3));

        Assert.Equal(new long[] { 4, 2, 0 }, Counts(labels, validation, 3));
        Assert.Equal(Enumerable.Range(0, 31).Select(i => (long)i), train.data<long>().Concat(validation.data<long>()).Order());
        Assert.Empty(train.data<long>().Intersect(validation.data<long>()));
    }

    [Fact]
    public void TheDataSetCarvesValidationOutOfTrainingIndependentlyOfTheSubsetAndCanEvaluateOnIt()
    {
        using var temp = new TempFolder();
        CifarDatasetTests.WriteCifar10(temp.Path, [8, 8, 8, 8, 8]);
        Cifar10Dataset Create(double fraction, EvaluationSplit evaluateOn, long seed = 0) => new(
            new Cifar10Options { Root = temp.Path, ValidationFraction = 0.3, EvaluateOn = evaluateOn, Fraction = fraction, Seed = seed },
            VisionTestContext.Create(seed: 11));

        using var all = new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train);
        using var train = Create(1.0, EvaluationSplit.Validation).Load(DatasetSplit.Train);
        using var validation = Create(1.0, EvaluationSplit.Validation).Load(DatasetSplit.Test);
        using var validationWithSubset = Create(0.5, EvaluationSplit.Validation).Load(DatasetSplit.Test);
        using var subsetTrain = Create(0.5, EvaluationSplit.Validation).Load(DatasetSplit.Train);
        using var test = Create(1.0, EvaluationSplit.Test).Load(DatasetSplit.Test);
        using var explicitSeed = Create(1.0, EvaluationSplit.Validation, seed: 11).Load(DatasetSplit.Test);

        // Each record's 3072 pixel bytes identify it.
        string[] Keys(ImageSet set) => [.. Enumerable.Range(0, (int)set.Count).Select(i => Convert.ToHexString(set.Images[i].data<byte>().ToArray()))];
        Assert.Equal(all.Count, train.Count + validation.Count);
        Assert.True(validation.Count > 0);
        Assert.Empty(Keys(train).Intersect(Keys(validation)));
        Assert.Equal(Keys(all).Order(), Keys(train).Concat(Keys(validation)).Order());
        Assert.Equal(Keys(validation), Keys(validationWithSubset));
        Assert.Equal(Keys(validation), Keys(explicitSeed));
        Assert.Empty(Keys(subsetTrain).Except(Keys(train)));
        Assert.True(subsetTrain.Count < train.Count);
        Assert.Equal(3, test.Count);
    }

    [Fact]
    public void LabelFreeDropsTheLabelsAndTheClassNames()
    {
        using var temp = new TempFolder();
        CifarDatasetTests.WriteCifar10(temp.Path);
        var dataset = new Cifar10Dataset(new Cifar10Options { Root = temp.Path, LabelFree = true, PerClass = 1 }, VisionTestContext.Create());

        using var train = dataset.Load(DatasetSplit.Train);

        Assert.Null(train.Labels);
        Assert.Equal(0, dataset.Info.NumClasses);
        // per_class balanced with the labels before they were dropped: one image of each of the 4 classes present.
        Assert.Equal(4, train.Count);
    }

    [Fact]
    public void LoadedSetsOutliveTheCallersDisposeScope()
    {
        using var temp = new TempFolder();
        CifarDatasetTests.WriteCifar10(temp.Path);
        ImageSet set;
        using (NewDisposeScope())
        {
            set = new Cifar10Dataset(new Cifar10Options { Root = temp.Path, Fraction = 0.5 }, VisionTestContext.Create()).Load(DatasetSplit.Train);
        }

        using (set)
        {
            Assert.Equal(set.Count, set.Labels!.shape[0]);
            Assert.True(set.Images.sum().item<long>() > 0);
        }
    }

    [Fact]
    public void OptionsRejectAnEmptyFractionBothSubsetKindsAndValidationEvaluationWithoutASplit()
    {
        static string[] Problems(ImageDatasetOptions options)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            return [.. results.SelectMany(r => r.MemberNames).Order()];
        }

        Assert.Equal(new[] { "Fraction", "ValidationFraction" }, Problems(new Cifar10Options { Fraction = 0.0, ValidationFraction = 1.0 }));
        Assert.Equal(new[] { "PerClass" }, Problems(new Cifar10Options { Fraction = 0.5, PerClass = 3 }));
        Assert.Equal(new[] { "EvaluateOn" }, Problems(new Cifar10Options { EvaluateOn = EvaluationSplit.Validation }));
        Assert.Equal(new[] { "Mirror" }, Problems(new IdxDatasetOptions { Mirror = "ftp://x/" }));
        Assert.Empty(Problems(new Cifar100Options()));
        Assert.Empty(Problems(new ImageFolderOptions()));
        Assert.Equal(new[] { "Channels", "TestSplit" }, Problems(new ImageFolderOptions { Channels = 2, TestSplit = "../x" }));
    }
}
