using SimLap.Engine.Configuration;

namespace SimLap.Engine.Experiments;

/// <summary>One trial of a sweep: its 0-based index in the stable trial order and the overrides that make it.</summary>
/// <param name="Index">The trial's index (what <c>--trial</c> takes).</param>
/// <param name="Overrides">Dotted keys and their values, applied in order over the experiment.</param>
public sealed record SweepTrial(int Index, IReadOnlyList<SweepOverride> Overrides)
{
    /// <summary>The overrides as <c>key=value</c> text.</summary>
    public string Label => string.Join(" ", Overrides.Select(o => $"{o.Key}={o.Text}"));
}

/// <summary>One override of a trial.</summary>
/// <param name="Key">The dotted key path.</param>
/// <param name="Value">The value node (typed when bound).</param>
public sealed record SweepOverride(string Key, ConfigNode Value)
{
    /// <summary>The value as YAML-like text.</summary>
    public string Text => Value switch
    {
        ConfigScalar s => s.Text ?? "null",
        ConfigList l => "[" + string.Join(", ", l.Items.Select(i => new SweepOverride("", i).Text)) + "]",
        ConfigMap m => "{" + string.Join(", ", m.Entries.Select(e => $"{e.Key}: {new SweepOverride("", e.Value).Text}")) + "}",
        _ => "?",
    };
}
