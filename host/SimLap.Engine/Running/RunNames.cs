namespace SimLap.Engine.Running;

/// <summary>
/// Names of single runs that read apart in MLflow's run list: the experiment's name followed by the <c>--set</c>
/// overrides that make the run differ from its file (<c>quickstart seed=2 head.type=open</c>), or, when nothing
/// differs, by a random <c>adjective-noun-NNN</c> suffix in the style MLflow gives unnamed runs (<c>quickstart
/// brave-otter-417</c>).
/// </summary>
public static class RunNames
{
    /// <summary>MLflow's limit on a run name.</summary>
    public const int MaxLength = 250;

    private static readonly string[] Adjectives =
    [
        "agile", "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "curious", "daring", "eager", "fair",
        "fleet", "gentle", "glad", "golden", "grand", "honest", "humble", "jolly", "keen", "kind", "lively", "loyal",
        "lucid", "merry", "mighty", "nimble", "noble", "patient", "placid", "polite", "proud", "quick", "quiet", "rare",
        "silent", "sleek", "smart", "steady", "stellar", "sunny", "swift", "tidy", "upbeat", "vivid", "warm", "wise",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "badger", "bat", "bear", "bee", "bison", "carp", "cat", "colt", "crane", "crow", "cub", "deer", "dove",
        "eel", "elk", "finch", "fox", "frog", "gnu", "goat", "hare", "hawk", "heron", "ibis", "jay", "koala", "lark",
        "lemur", "lynx", "mole", "moth", "newt", "otter", "owl", "panda", "quail", "ram", "robin", "seal", "shrew",
        "snail", "stork", "swan", "toad", "trout", "vole", "whale", "wolf", "wren", "yak", "zebra",
    ];

    /// <summary>The name of a run of experiment <paramref name="name"/> with the command line's <c>--set</c> assignments.</summary>
    public static string For(string name, IReadOnlyList<string> overrides, Random? random = null)
    {
        var suffix = overrides.Count > 0 ? string.Join(" ", overrides.Select(o => o.Trim())) : Random(random ?? System.Random.Shared);
        var runName = $"{name} {suffix}";
        return runName.Length > MaxLength ? runName[..(MaxLength - 3)] + "..." : runName;
    }

    /// <summary>A random <c>adjective-noun-NNN</c> name, as MLflow names a run that has none.</summary>
    public static string Random(Random random) =>
        $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}-{random.Next(1000):D3}";
}
