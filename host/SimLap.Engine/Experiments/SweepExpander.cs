using System.Globalization;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Experiments;

/// <summary>
/// Expands <c>sweep:</c> into trials: the Cartesian product of <c>grid</c> (keys in written order, the last varying
/// fastest), then the rows of <c>zip</c> (lists walked together), then <c>random</c> samples (seeded), then
/// <c>seeds</c>. The order is stable, so trial I is the same trial on every machine of a job array.
/// </summary>
public static class SweepExpander
{
    /// <summary>The YAML key of the sweep section.</summary>
    public const string Key = "sweep";

    /// <summary>The most trials one sweep may expand to.</summary>
    public const int MaxTrials = 10_000;

    private static readonly string[] Blocks = ["grid", "zip", "random", "seeds"];
    private static readonly string[] RandomKeys = ["n", "seed", "params"];
    private static readonly string[] RangeKeys = ["low", "high", "log", "integer"];

    /// <summary>The trials of <paramref name="sweep"/> (a single trial without overrides when null).</summary>
    public static IReadOnlyList<SweepTrial> Expand(ConfigNode? sweep)
    {
        if (sweep is null)
        {
            return [new SweepTrial(0, [])];
        }

        if (sweep is not ConfigMap map)
        {
            throw new ConfigurationException(sweep.Location, "'sweep' must be a mapping with grid, zip, random and/or seeds.");
        }

        foreach (var entry in map.Entries.Where(e => !Blocks.Contains(e.Key)))
        {
            throw new ConfigurationException(entry.KeyLocation, $"unknown key 'sweep.{entry.Key}'.{Suggest.DidYouMean(entry.Key, Blocks)} Allowed keys: {string.Join(", ", Blocks)}.");
        }

        List<List<SweepOverride>> rows = [[]];
        if (map["grid"] is { } grid)
        {
            rows = Grid(rows, grid);
        }

        if (map["zip"] is { } zip)
        {
            rows = Zip(rows, zip);
        }

        if (map["random"] is { } random)
        {
            var samples = Sample(random);
            CheckCount(rows.Count, samples.Count, random.Location, "sweep.random");
            rows = rows.SelectMany(row => samples.Select(sample => row.Concat(sample).ToList())).ToList();
        }

        if (map["seeds"] is { } seeds)
        {
            var values = seeds is ConfigList { Items.Count: > 0 } list ? list.Items : throw new ConfigurationException(seeds.Location, "'sweep.seeds' must be a non-empty list of integers, e.g. [1, 2, 3] (an empty list would make no trials).");
            CheckCount(rows.Count, values.Count, seeds.Location, "sweep.seeds");
            rows = rows.SelectMany(row => values.Select(v => row.Append(new SweepOverride("seed", v)).ToList())).ToList();
        }

        return rows.Select((row, i) => new SweepTrial(i, row)).ToList();
    }

    /// <summary>Every row times every value of each <c>grid</c> key, in written order (the last key varying fastest).</summary>
    private static List<List<SweepOverride>> Grid(List<List<SweepOverride>> rows, ConfigNode grid)
    {
        foreach (var (key, values) in Lists(grid, "sweep.grid"))
        {
            CheckCount(rows.Count, values.Count, grid.Location, "sweep.grid");
            rows = rows.SelectMany(row => values.Select(v => row.Append(new SweepOverride(key, v)).ToList())).ToList();
        }

        return rows;
    }

    /// <summary>Every row times the rows of <c>zip</c>: its lists walked together, so they need the same length.</summary>
    private static List<List<SweepOverride>> Zip(List<List<SweepOverride>> rows, ConfigNode zip)
    {
        var columns = Lists(zip, "sweep.zip");
        if (columns.Count == 0)
        {
            throw new ConfigurationException(zip.Location, "'sweep.zip' lists no keys, so it would make no trials; give it dotted keys with lists of values, or remove it.");
        }

        var length = columns[0].Values.Count;
        var mismatch = columns.FirstOrDefault(c => c.Values.Count != length);
        if (mismatch.Key is not null)
        {
            throw new ConfigurationException(zip.Location, $"the lists of 'sweep.zip' are walked together, so they need the same length; '{columns[0].Key}' has {length}, '{mismatch.Key}' has {mismatch.Values.Count}.");
        }

        CheckCount(rows.Count, length, zip.Location, "sweep.zip");
        return rows.SelectMany(row => Enumerable.Range(0, length).Select(i => row.Concat(columns.Select(c => new SweepOverride(c.Key, c.Values[i]))).ToList())).ToList();
    }

    /// <summary>Fails before a block multiplies the trials past <see cref="MaxTrials"/>.</summary>
    private static void CheckCount(long rows, long factor, SourceLocation at, string block)
    {
        if (rows * factor > MaxTrials)
        {
            throw new ConfigurationException(at, $"'{block}' takes the sweep to {rows * factor:N0} trials or more; a sweep may have at most {MaxTrials:N0}: use fewer values or a random sweep.");
        }
    }

    private static List<(string Key, IReadOnlyList<ConfigNode> Values)> Lists(ConfigNode node, string section)
    {
        if (node is not ConfigMap map)
        {
            throw new ConfigurationException(node.Location, $"'{section}' must map dotted keys to lists of values, e.g. loss.temperature: [0.05, 0.1].");
        }

        return map.Entries.Select(e => e.Value is ConfigList { Items.Count: > 0 } list
            ? (e.Key, list.Items)
            : throw new ConfigurationException(e.Value.Location, $"'{section}.{e.Key}' must be a non-empty list of values.")).ToList();
    }

    private static List<List<SweepOverride>> Sample(ConfigNode node)
    {
        if (node is not ConfigMap map)
        {
            throw new ConfigurationException(node.Location, "'sweep.random' must be a mapping with n, seed and params.");
        }

        foreach (var entry in map.Entries.Where(e => !RandomKeys.Contains(e.Key)))
        {
            throw new ConfigurationException(entry.KeyLocation, $"unknown key 'sweep.random.{entry.Key}'.{Suggest.DidYouMean(entry.Key, RandomKeys)} Allowed keys: {string.Join(", ", RandomKeys)}.");
        }

        var count = Integer(map["n"], "sweep.random.n", map.Location);
        if (count is 0 or > MaxTrials)
        {
            throw new ConfigurationException(map["n"]?.Location ?? map.Location, $"'sweep.random.n' is {count}; it must be between 1 and {MaxTrials:N0} (the number of random trials).");
        }

        var seed = map["seed"] is null ? 0 : Integer(map["seed"], "sweep.random.seed", map.Location);
        if (map["params"] is not ConfigMap parameters || parameters.Entries.Count == 0)
        {
            throw new ConfigurationException(map.Location, "'sweep.random.params' must map dotted keys to a list (uniform choice) or to {low, high, log, integer}.");
        }

        var generator = new Random(seed);
        var samples = new List<List<SweepOverride>>();
        for (var i = 0; i < count; i++)
        {
            samples.Add(parameters.Entries.Select(e => new SweepOverride(e.Key, Draw(e, generator))).ToList());
        }

        return samples;
    }

    private static ConfigNode Draw(ConfigEntry entry, Random generator)
    {
        switch (entry.Value)
        {
            case ConfigList { Items.Count: > 0 } list:
                return list.Items[generator.Next(list.Items.Count)];
            case ConfigMap range:
                foreach (var unknown in range.Entries.Where(e => !RangeKeys.Contains(e.Key)))
                {
                    throw new ConfigurationException(unknown.KeyLocation, $"unknown key '{unknown.Key}' in a random range.{Suggest.DidYouMean(unknown.Key, RangeKeys)} Allowed keys: {string.Join(", ", RangeKeys)}.");
                }

                var low = Number(range["low"], $"sweep.random.params.{entry.Key}.low", range.Location);
                var high = Number(range["high"], $"sweep.random.params.{entry.Key}.high", range.Location);
                var log = range["log"] is ConfigScalar { Text: "true" };
                var integer = range["integer"] is ConfigScalar { Text: "true" };
                if (!(high > low) || (log && low <= 0))
                {
                    throw new ConfigurationException(range.Location, $"'sweep.random.params.{entry.Key}' needs low < high{(log ? " and low > 0 for a log range" : "")}; found low {low}, high {high}.");
                }

                var u = generator.NextDouble();
                var value = log ? Math.Exp(Math.Log(low) + (u * (Math.Log(high) - Math.Log(low)))) : low + (u * (high - low));
                var text = integer ? Math.Floor(value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
                return new ConfigScalar(text, false, entry.Value.Location);
            default:
                throw new ConfigurationException(entry.Value.Location, $"'sweep.random.params.{entry.Key}' must be a non-empty list or a mapping {{low, high, log, integer}}.");
        }
    }

    private static int Integer(ConfigNode? node, string key, SourceLocation fallback) =>
        node is ConfigScalar { Text: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ConfigurationException(node?.Location ?? fallback, $"'{key}' must be a non-negative integer.");

    private static double Number(ConfigNode? node, string key, SourceLocation fallback) =>
        node is ConfigScalar { Text: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConfigurationException(node?.Location ?? fallback, $"'{key}' must be a number.");
}
