using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SimLap.Host.Tests;

/// <summary>Reads an MLflow file store (<c>mlruns/</c>) back from disk, independently of the engine's own code.</summary>
public sealed class MlrunsStore(string root)
{
    /// <summary>MLflow's RunStatus numbers.</summary>
    public const int Running = 1;

    /// <inheritdoc cref="Running"/>
    public const int Finished = 3;

    /// <inheritdoc cref="Running"/>
    public const int Failed = 4;

    /// <inheritdoc cref="Running"/>
    public const int Killed = 5;

    /// <summary>The store's folder.</summary>
    public string Root { get; } = root;

    /// <summary>Whether the store folder exists.</summary>
    public bool Exists => Directory.Exists(Root);

    /// <summary>The experiment folders (ids), without hidden folders such as <c>.trash</c>.</summary>
    public IReadOnlyList<string> ExperimentFolders() =>
        Exists
            ? Directory.EnumerateDirectories(Root).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Every run folder of every experiment (not the experiment's own <c>tags</c> folder).</summary>
    public IReadOnlyList<string> RunFolders() =>
        ExperimentFolders()
            .SelectMany(RunFoldersOf)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The run folders of one experiment folder: those with a meta.yaml (MLflow keeps the experiment's tags beside them).</summary>
    public static IReadOnlyList<string> RunFoldersOf(string experimentFolder) =>
        Directory.EnumerateDirectories(experimentFolder).Where(d => !Path.GetFileName(d).StartsWith('.') && File.Exists(Path.Combine(d, "meta.yaml"))).Order(StringComparer.Ordinal).ToList();

    /// <summary>The status number in a run's meta.yaml.</summary>
    public static int Status(string runFolder) =>
        int.Parse(ReadMeta(Path.Combine(runFolder, "meta.yaml"))["status"] ?? "-1", CultureInfo.InvariantCulture);

    /// <summary>Reads a flat meta.yaml into key -> scalar value (null for YAML null).</summary>
    public static Dictionary<string, string?> ReadMeta(string path)
    {
        var root = ParseYaml(File.ReadAllText(path));
        if (root is not YamlMappingNode mapping)
        {
            throw new InvalidDataException($"'{path}' is not a YAML mapping.");
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var text = ((YamlScalarNode)key).Value!;
            result[text] = value is YamlScalarNode { Value: var v, Style: var style }
                ? (style == YamlDotNet.Core.ScalarStyle.Plain && v is "null" or "~" or "" ? null : v)
                : value.ToString();
        }

        return result;
    }

    /// <summary>Parses one YAML document (throws on invalid YAML).</summary>
    public static YamlNode ParseYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Single().RootNode;
    }

    /// <summary>The points of a metric file: <c>&lt;timestamp ms&gt; &lt;value&gt; &lt;step&gt;</c> per line.</summary>
    public static IReadOnlyList<MetricPoint> ReadMetric(string runFolder, string key)
    {
        var path = Path.Combine([runFolder, "metrics", .. key.Split('/')]);
        var points = new List<MetricPoint>();
        var text = File.ReadAllText(path);
        if (!text.EndsWith('\n'))
        {
            throw new InvalidDataException($"Metric file '{path}' does not end with a newline: '{text}'.");
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3)
            {
                throw new InvalidDataException($"Metric file '{path}' has a line that is not '<ms> <value> <step>': '{line}'.");
            }

            points.Add(new MetricPoint(
                long.Parse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture),
                ParseMetricValue(parts[1]),
                long.Parse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture)));
        }

        return points;
    }

    /// <summary>A param or tag file's raw content.</summary>
    public static string ReadValue(string runFolder, string kind, string key) =>
        File.ReadAllText(Path.Combine([runFolder, kind, .. key.Split('/')]));

    private static double ParseMetricValue(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
