using System.Globalization;

namespace SimLap.Bench;

/// <summary>The orchestrator's command line.</summary>
internal sealed record BenchOptions(bool Quick, string OutDirectory, int Runs, string? Only, bool List)
{
    /// <summary>The interpreter of the PyTorch reference (<see cref="PyTorchReference"/>); null: <c>--no-pytorch</c>.</summary>
    public string? Python { get; init; } = DefaultPython;

    /// <summary>Debian's interpreter, the one python3-torch installs for (a pyenv or venv python3 on the PATH has no torch).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        var list = false;
        var output = Path.Combine("bench", "results");
        int? runs = null;
        string? only = null;
        string? python = DefaultPython;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--list":
                    list = true;
                    break;
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--runs":
                    runs = int.TryParse(Value(args, ref i), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1
                        ? n
                        : throw new ArgumentException("--runs needs a whole number >= 1");
                    break;
                case "--python":
                    python = Value(args, ref i);
                    break;
                case "--no-pytorch":
                    python = null;
                    break;
                case "--only":
                    only = Value(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        return new BenchOptions(quick, output, runs ?? (quick ? 1 : 3), only, list) { Python = python };
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
}
