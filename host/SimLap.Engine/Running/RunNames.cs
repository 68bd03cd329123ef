namespace SimLap.Engine.Running;

/// <summary>
/// Names of single runs that read apart in MLflow's run list: the experiment's name followed by the <c>--set</c>
/// overrides that make the run differ from its file (<c>quickstart seed=2 head.type=open</c>), or, when nothing
/// differs, by a random <c>adjective-noun-NNN</c> suffix in the style MLflow gives unnamed runs (<c>quickstart
/// brave-otter-417</c>); the same overrides given again add the suffix too (<c>quickstart seed=2 calm-heron-052</c>).
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

    /// <summary>The longest value kept whole in a name; a longer one is cut with an ellipsis.</summary>
    public const int MaxValueLength = 24;

    /// <summary>
    /// The name of a run of experiment <paramref name="name"/> with the command line's <c>--set</c> assignments: each as
    /// <c>key=value</c> (<see cref="Shorten"/>), in the order given; a random suffix when none differs from the file, or
    /// when <paramref name="taken"/> says an earlier run already has the name, so repeated runs never share one.
    /// </summary>
    public static string For(string name, IReadOnlyList<string> overrides, Random? random = null, Func<string, bool>? taken = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        random ??= System.Random.Shared;
        var differs = overrides.Select(Shorten).OfType<string>().ToList();
        if (differs.Count == 0)
        {
            return Fit(name, Random(random));
        }

        var text = $"{name} {string.Join(" ", differs)}";
        var informative = Fit(text, null);
        return taken?.Invoke(informative) == true ? Fit(text, Random(random)) : informative;
    }

    /// <summary>
    /// One <c>--set key=value</c> as it reads in a name: the key whole, the value without quotes or spaces after commas,
    /// a path as its last part (<c>data.root=/data/cifar10</c> reads <c>data.root=cifar10</c>), a long value cut to
    /// <see cref="MaxValueLength"/> with an ellipsis. Null for <c>tracking.*</c>, which says where the run is logged, not what it is.
    /// </summary>
    public static string? Shorten(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var parts = assignment.Split('=', 2);
        var key = parts[0].Trim();
        if (key.StartsWith("tracking.", StringComparison.Ordinal))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return key;
        }

        var value = string.Join(",", parts[1].Trim().Trim('\'', '"').Split(',').Select(v => v.Trim()));
        // A path of either platform: its last part (after / or \\).
        var trimmed = value.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        if (cut >= 0 && cut < trimmed.Length - 1 && value.IndexOfAny(['[', '{', ' ']) < 0)
        {
            value = trimmed[(cut + 1)..];
        }

        return value.Length > MaxValueLength ? $"{key}={value[..(MaxValueLength - 1)]}\u2026" : $"{key}={value}";
    }

    /// <summary>A random <c>adjective-noun-NNN</c> name, as MLflow names a run that has none.</summary>
    public static string Random(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}-{random.Next(1000):D3}";
    }

    /// <summary><paramref name="text"/> then a space and <paramref name="suffix"/>, the text cut with "..." so the whole is at most <see cref="MaxLength"/>.</summary>
    private static string Fit(string text, string? suffix)
    {
        var tail = suffix is null ? string.Empty : " " + suffix;
        return text.Length + tail.Length <= MaxLength ? text + tail : text[..(MaxLength - tail.Length - 3)] + "..." + tail;
    }
}
