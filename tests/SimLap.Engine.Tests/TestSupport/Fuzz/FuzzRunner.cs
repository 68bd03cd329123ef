using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Fuzz;

/// <summary>
/// Runs one fuzz input through what <c>simlap validate</c> does in-process (read, extends, overrides, sweep, bind every
/// trial, the pre-run checks, the params and resolved YAML a run would log), within a time bound, and classifies it.
/// </summary>
internal sealed partial class FuzzRunner
{
    /// <summary>How long one case may take.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(5);

    private readonly List<string> failures = [];

    /// <summary>Inputs tried.</summary>
    public int Tried { get; private set; }

    /// <summary>Inputs that resolved.</summary>
    public int Succeeded { get; private set; }

    /// <summary>Inputs that ended in a clean, located error.</summary>
    public int CleanErrors { get; private set; }

    /// <summary>Inputs that threw something else, or an unclean message, or ran past the time bound.</summary>
    public IReadOnlyList<string> Failures => failures;

    /// <summary>The figures, for the test output.</summary>
    public string Figures => $"{Tried} inputs: {Succeeded} resolved, {CleanErrors} clean errors, {failures.Count} crashes or unclean messages";

    /// <summary>Loads and resolves <paramref name="path"/> with <paramref name="overrides"/>; <paramref name="name"/> identifies the case in failures.</summary>
    public void Run(string name, string path, params string[] overrides)
    {
        Tried++;
        var stopwatch = Stopwatch.StartNew();
        var work = Task.Run(() => Resolve(path, overrides));
        if (!work.Wait(CaseTimeout))
        {
            failures.Add($"{name}: still running after {CaseTimeout.TotalSeconds} s");
            return;
        }

        var problem = work.Result;
        if (problem is null)
        {
            Succeeded++;
        }
        else if (problem.Length == 0)
        {
            CleanErrors++;
        }
        else
        {
            failures.Add($"{name} ({stopwatch.ElapsedMilliseconds} ms): {problem}");
        }
    }

    /// <summary>Null on success, empty for a clean error, else what is wrong.</summary>
    private static string? Resolve(string path, string[] overrides)
    {
        try
        {
            var loaded = ExperimentResolver.Load(path, overrides, NullLogger.Instance, _ => RealPlugins.Catalog);
            var all = loaded.BindAll();
            PreflightChecks.Check(loaded, all, null);
            foreach (var experiment in all.Take(3))
            {
                _ = experiment.ToParams();
                _ = experiment.ToYaml();
            }

            return null;
        }
        catch (ConfigurationException e)
        {
            var unlocated = e.Problems.FirstOrDefault(p => !Located().IsMatch(p));
            return unlocated is not null ? $"a problem without a file and line: {Shorten(unlocated)}"
                : CleanMessage.Problem(e.Message) is { } unclean ? $"{unclean}: {Shorten(e.Message)}" : "";
        }
        catch (ComponentException e)
        {
            return CleanMessage.Problem(e.Message) is { } unclean ? $"{unclean}: {Shorten(e.Message)}" : "";
        }
        catch (Exception e)
        {
            return $"crashed: {e.GetType().Name}: {Shorten(e.Message)} {e.StackTrace?.Split('\n').FirstOrDefault()}";
        }
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "..." : text;

    /// <summary>A problem starts with the file (and line:column) or the override it is about.</summary>
    [GeneratedRegex(@"^(\S[^\n]*?\.ya?ml(:\d+:\d+)?|--set [^\n]*?|--tracking-uri|MLFLOW_TRACKING_URI|command line|[^\n]*\.ya?ml \(line \d+\)): ", RegexOptions.Singleline)]
    private static partial Regex Located();
}
