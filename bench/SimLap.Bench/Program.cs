using System.Globalization;
using SimLap.Bench;

// SimLap.Bench: measures the framework's hot paths against a plain TorchSharp loop (issue 9).
//   dotnet run --project bench/SimLap.Bench -c Release -- [--quick] [--out bench/results] [--runs N] [--only substring]
//   SimLap.Bench --single <case> [key=value]...   one measurement, in this process (what the orchestrator spawns)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length > 0 && args[0] == "--single")
{
    return SingleCase.Run(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"simlap-bench: {e.Message}");
    Console.Error.WriteLine("usage: SimLap.Bench [--quick] [--out DIR] [--runs N] [--only SUBSTRING] [--list] [--python PATH | --no-pytorch]");
    return 2;
}

return Orchestrator.Run(options);
