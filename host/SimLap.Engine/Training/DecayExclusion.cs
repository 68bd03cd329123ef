using SimLap.Engine.Configuration;
using Parameter = TorchSharp.Modules.Parameter;

namespace SimLap.Engine.Training;

/// <summary>Which parameters <c>train.optimizer.exclude_from_decay</c> keeps out of weight decay.</summary>
public static class DecayExclusion
{
    /// <summary>
    /// Whether the parameter <paramref name="name"/> matches an entry: <c>bias</c> matches names ending in
    /// <c>.bias</c> (or unnamed one-dimensional tensors), <c>norm</c> other tensors of one dimension or fewer (norm
    /// weights; LARS's classification), anything else a dot-separated segment of the name (<c>cls_token</c>).
    /// </summary>
    public static bool Excluded(string name, Parameter parameter, IReadOnlyCollection<string> entries)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(entries);
        var segments = name.Split('.');
        var isBias = segments[^1] == "bias" || (name.Length == 0 && parameter.dim() <= 1);
        foreach (var entry in entries)
        {
            var matched = entry switch
            {
                "bias" => isBias,
                "norm" => !isBias && parameter.dim() <= 1,
                _ => segments.Contains(entry, StringComparer.Ordinal),
            };
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Refuses an entry that matches none of the named <paramref name="parameters"/> (a typo would silently decay everything).</summary>
    /// <exception cref="ConfigurationException">An entry matches nothing.</exception>
    public static void RequireMatches(IReadOnlyList<(string Name, Parameter Parameter)> parameters, IReadOnlyCollection<string> entries)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(entries);
        if (parameters.Count == 0 || parameters.Any(p => p.Name.Length == 0))
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (!parameters.Any(p => Excluded(p.Name, p.Parameter, [entry])))
            {
                var examples = string.Join(", ", parameters.Select(p => p.Name).Take(4));
                throw new ConfigurationException($"train.optimizer.exclude_from_decay lists '{entry}', which matches no parameter of this model; use bias, norm, or a segment of a parameter name (this model's begin {examples}, ...), e.g. cls_token or pos_embed for a ViT.");
            }
        }
    }
}
