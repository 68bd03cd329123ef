using System.Globalization;

namespace SimLap.Bench;

/// <summary>Runs one measurement in this process (a child of the orchestrator) and prints its result line.</summary>
internal static class SingleCase
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("--single needs a case name");
            return 2;
        }

        var name = args[0];
        var settings = new CaseSettings(args[1..]);
        CaseResult result;
        try
        {
            result = name switch
            {
                "train-hand" => TrainingCases.Hand(settings),
                "train-fw" => TrainingCases.Framework(settings),
                "train-paired" => TrainingCases.Paired(settings),
                "memory" => TrainingCases.MemorySlope(settings),
                "augment" => AugmentationCase.Run(settings),
                "knn" => EvaluationCases.Knn(settings),
                "probe" => EvaluationCases.Probe(settings),
                "log" => LoggingCases.Run(settings),
                "image-folder" => ImageFolderCase.Run(settings),
                "roofline" => RooflineCase.Run(settings),
                "evaluator-timing" => EvaluatorTimingCase.Run(settings),
                _ => throw new ArgumentException($"unknown case '{name}'"),
            };
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"case {name} failed: {e}");
            return 1;
        }

        Console.Out.Flush();
        Console.WriteLine(result.ToLine());
        Console.Out.Flush();
        return 0;
    }
}

/// <summary>The key=value arguments of a case.</summary>
internal sealed class CaseSettings
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public CaseSettings(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"case argument '{arg}' is not key=value");
            }

            values[arg[..equals]] = arg[(equals + 1)..];
        }
    }

    /// <summary>The case's name and arguments, as one id (arguments sorted).</summary>
    public string Describe(string name) =>
        values.Count == 0 ? name : name + " " + string.Join(' ', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    public string Text(string key, string fallback) => values.GetValueOrDefault(key, fallback);

    public int? OptionalInt(string key) =>
        values.TryGetValue(key, out var text) ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public int Int(string key, int fallback) =>
        values.TryGetValue(key, out var text) ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;
}
