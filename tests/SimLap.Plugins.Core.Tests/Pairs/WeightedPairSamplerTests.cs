using System.ComponentModel.DataAnnotations;
using SimLap.Plugins.Core.Pairs;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Pairs;

public sealed class WeightedPairSamplerTests : IDisposable
{
    // Three classes: 0 and 1 close (d = 1), 2 far from both (d = 3).
    private const string Matrix = "0,1,3\n1,0,3\n3,3,0\n";
    private readonly string folder = Directory.CreateTempSubdirectory("weighted-pairs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void PartnersFollowTheInverseDistanceWeightsToTheAlpha()
    {
        var sampler = Sampler(Write("d.csv", "a,b,c\n" + Matrix), alpha: 2);
        var labels = full(new long[] { 6000 }, 0L, dtype: ScalarType.Int64);

        var partners = sampler.Sample(labels).PartnerLabels;

        // Row 0: weights 1/(1+0)^2 = 1, 1/(1+1)^2 = 1/4, 1/(1+3)^2 = 1/16; normalised by 21/16: 16/21, 4/21, 1/21.
        double[] expected = [16.0 / 21, 4.0 / 21, 1.0 / 21];
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(expected[c], partners.eq(c).to(ScalarType.Float64).mean().item<double>(), tolerance: 0.02);
        }
    }

    [Fact]
    public void AlphaZeroIsUniformOverTheClasses()
    {
        var sampler = Sampler(Write("d.csv", Matrix), alpha: 0);
        var labels = tensor(Enumerable.Range(0, 6000).Select(i => (long)(i % 3)).ToArray());

        var partners = sampler.Sample(labels).PartnerLabels;

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(1.0 / 3, partners.eq(c).to(ScalarType.Float64).mean().item<double>(), tolerance: 0.02);
        }
    }

    [Fact]
    public void PairsAreTheClassAssignmentAndAnAbsentPartnerClassLeavesTheAnchorWithoutPositives()
    {
        var sampler = Sampler(Write("d.csv", Matrix), alpha: 1, seed: 5);
        var labels = tensor(new long[] { 0, 0, 1, 1 });

        for (var draw = 0; draw < 20; draw++)
        {
            var pairs = sampler.Sample(labels);
            var expected = labels.unsqueeze(0).eq(pairs.PartnerLabels.unsqueeze(1));
            Assert.True(pairs.Positives.eq(expected).all().item<bool>());
            var partnerIsTwo = pairs.PartnerLabels.eq(2);
            Assert.True(pairs.Positives.sum(1).eq(0).eq(partnerIsTwo).all().item<bool>());
        }

        Assert.True(sampler.NeedsLabels);
    }

    [Fact]
    public void TheSameSeedDrawsTheSamePartners()
    {
        var path = Write("d.csv", Matrix);
        var labels = tensor(Enumerable.Range(0, 64).Select(i => (long)(i % 3)).ToArray());

        var a = Sampler(path, 1, seed: 42).Sample(labels).PartnerLabels;
        var b = Sampler(path, 1, seed: 42).Sample(labels).PartnerLabels;
        var c = Sampler(path, 1, seed: 43).Sample(labels).PartnerLabels;

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Fact]
    public void RelativePathsAreResolvedAgainstTheWorkingDirectory()
    {
        Write("relative.csv", Matrix);
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(folder);
        try
        {
            var sampler = Sampler("relative.csv", 1);
            Assert.Equal(3L, sampler.Sample(tensor(new long[] { 0, 1, 2 })).PartnerLabels.shape[0]);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Fact]
    public void AMatrixOfTheWrongShapeNamesTheFileAndBothSizes()
    {
        var path = Write("wide.csv", "0,1,2,3\n1,0,1,2\n2,1,0,1\n");

        var error = Assert.Throws<InvalidOperationException>(() => Sampler(path, 1, classes: 10));

        Assert.Contains("wide.csv", error.Message);
        Assert.Contains("found 3x4, the data set has 10 classes", error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Sampler(Path.Combine(folder, "nowhere.csv"), 1));

        Assert.Contains("nowhere.csv", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Theory]
    [InlineData("0,1,3\n1,0,-2\n3,3,0\n", "row 2, column 3", "negative")]
    [InlineData("c0,c1,c2\n0,1,3\n1,0,3\n3,x,0\n", "row 3, column 2", "'x'")]
    [InlineData("0,1,3\n1,0,NaN\n3,3,0\n", "row 2, column 3", "finite")]
    public void ABadEntryNamesTheFileRowAndColumn(string text, string where, string what)
    {
        var path = Write("bad.csv", text);

        var error = Assert.Throws<InvalidOperationException>(() => Sampler(path, 1));

        Assert.Contains("bad.csv", error.Message);
        Assert.Contains(where, error.Message);
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void TheDistancesOptionIsRequired()
    {
        var options = new WeightedPairOptions();
        var error = Assert.Single(options.Validate(new ValidationContext(options)));
        Assert.Contains("class-distance CSV", error.ErrorMessage);
        Assert.Equal(1.0, options.Alpha);
    }

    private static WeightedPairSampler Sampler(string path, double alpha, long seed = 1, int classes = 3) =>
        new(new WeightedPairOptions { Distances = path, Alpha = alpha }, LossTestContext.Create(numClasses: classes, seed: seed));

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
