namespace SimLap.Engine.Configuration;

/// <summary>"Did you mean" hints from edit distance.</summary>
public static class Suggest
{
    /// <summary>A sentence suggesting the nearest candidate, or an empty string when none is close.</summary>
    public static string DidYouMean(string found, IEnumerable<string> candidates)
    {
        var best = Nearest(found, candidates);
        return best is null ? "" : $" Did you mean '{best}'?";
    }

    /// <summary>The candidate nearest to <paramref name="found"/> if it is close enough to be a likely typo.</summary>
    public static string? Nearest(string found, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();

        // A candidate the user typed the start of (`multi` for `multi-positive`) beats one that is merely few edits away.
        var extended = found.Length >= 3 ? list.Where(c => c.StartsWith(found, StringComparison.OrdinalIgnoreCase)).OrderBy(c => c.Length).FirstOrDefault() : null;
        if (extended is not null)
        {
            return extended;
        }

        candidates = list;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(found.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = Math.Max(2, found.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
