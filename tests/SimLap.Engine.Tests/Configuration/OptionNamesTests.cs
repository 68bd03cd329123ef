using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;

namespace SimLap.Engine.Tests.Configuration;

public sealed class OptionNamesTests
{
    [Theory]
    [InlineData("CropScale", "crop_scale")]
    [InlineData("BatchSize", "batch_size")]
    [InlineData("MinLrRatio", "min_lr_ratio")]
    [InlineData("FlipP", "flip_p")]
    [InlineData("K", "k")]
    [InlineData("Lr", "lr")]
    [InlineData("TrainPerClass", "train_per_class")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("ImageSize2", "image_size2")]
    public void PropertyNamesBecomeSnakeCaseKeys(string property, string key) =>
        Assert.Equal(key, OptionNames.ToYamlKey(property));

    [Fact]
    public void ATrailingCapitalLetterStartsAWordInKeysButNotInEnumWords()
    {
        // The rule: kebab-case enum words do not split off a final single capital, so AdamW reads "adamw";
        // as a property name it would be "adam_w".
        Assert.Equal("adamw", OptionNames.ToYamlWord(OptimizerKind.AdamW));
        Assert.Equal("adam_w", OptionNames.ToYamlKey("AdamW"));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, "adam")]
    [InlineData(OptimizerKind.Sgd, "sgd")]
    [InlineData(LearningRateSchedule.Cosine, "cosine")]
    [InlineData(LearningRateSchedule.Constant, "constant")]
    [InlineData(System.IO.FileAccess.ReadWrite, "read-write")]
    [InlineData(System.DayOfWeek.Wednesday, "wednesday")]
    public void EnumMembersBecomeKebabCaseWords(Enum value, string word) =>
        Assert.Equal(word, OptionNames.ToYamlWord(value));

    [Fact]
    public void TheOptimizerWordsShownToUsersAreTheWordsTheBinderWrites()
    {
        var schema = OptionsSchema.For(typeof(OptimizerOptions));
        var type = schema.Find("type")!;

        Assert.StartsWith("adam|adamw|sgd", type.TypeName);

        // Every word the description offers must be the canonical word, or `simlap describe` and the resolved
        // YAML disagree (the description says adam-w, the resolved config says adamw).
        foreach (var word in type.TypeName.Split('|'))
        {
            Assert.Contains(word, type.Description);
        }
    }
}
