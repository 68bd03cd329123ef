using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Running;

/// <summary>
/// The data check <c>simlap validate</c> and <c>simlap run</c> share, before anything is trained or tracked: every data set
/// of a trial (the training data and each evaluator's own <c>data:</c>) whose component implements
/// <see cref="IDatasetPreflight"/> is created (which reads no image) and asked what loading would refuse. Each problem is
/// one paragraph located at the section's <c>root</c> key when it is written, else at the section:
/// <c>exp.yaml:4:9: data.root (fashion-mnist): ...</c>.
/// </summary>
public static class DataPreflight
{
    /// <summary>The problems of one bound trial's data sets.</summary>
    /// <param name="loaded">The experiment as loaded (for where values were written).</param>
    /// <param name="trial">The trial <paramref name="experiment"/> was bound from, or null.</param>
    /// <param name="experiment">The bound trial.</param>
    /// <param name="loggers">For the data sets' loggers; null: none.</param>
    public static IReadOnlyList<DataProblem> Find(LoadedExperiment loaded, SweepTrial? trial, ResolvedExperiment experiment, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(experiment);
        var sections = experiment.Evaluators.Select(e => e.Data).OfType<ResolvedComponent>().Prepend(experiment[ComponentKind.Dataset]);
        var problems = new List<DataProblem>();
        foreach (var data in sections.Where(d => typeof(IDatasetPreflight).IsAssignableFrom(d.Descriptor.ImplementationType)))
        {
            var rootKey = $"{data.Section}.root";
            var written = PreflightChecks.Find(loaded, trial, rootKey) is ConfigScalar { Text: { Length: > 0 } };
            var where = written ? $"{PreflightChecks.Where(loaded, trial, rootKey)}: {rootKey}" : $"{data.Location}: {data.Section}";
            problems.AddRange(Problems(data, experiment.Options.Seed, loggers ?? NullLoggerFactory.Instance)
                .Select(p => new DataProblem($"{where} ({data.Descriptor.Name}): {p}", written)));
        }

        return problems;
    }

    /// <summary>Throws one <see cref="ConfigurationException"/> listing every problem of the trial's data sets (for run).</summary>
    public static void Check(LoadedExperiment loaded, SweepTrial? trial, ResolvedExperiment experiment, ILoggerFactory? loggers = null)
    {
        var problems = Find(loaded, trial, experiment, loggers);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems.Select(p => p.Message).Distinct().ToList());
        }
    }

    private static IReadOnlyList<string> Problems(ResolvedComponent data, long seed, ILoggerFactory loggers)
    {
        using var generator = SeedStreams.Generator(seed, data.Section);
        var context = new ComponentContext
        {
            Device = torch.CPU,
            Generator = generator,
            Seed = seed,
            Logger = loggers.CreateLogger($"SimLap.{data.Section}.{data.Descriptor.Name}"),
            Tracker = new Discard(),
        };
        object dataset;
        try
        {
            dataset = data.Descriptor.Create(data.Options, context);
        }
        catch (ComponentException e)
        {
            // A data set that reads its folder when created (image-folder's class names) refuses a bad one there.
            return [e.InnerException is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException ? e.InnerException.Message : e.Message];
        }

        try
        {
            return ((IDatasetPreflight)dataset).Preflight();
        }
        finally
        {
            (dataset as IDisposable)?.Dispose();
        }
    }

    /// <summary>The tracker of a data set created only to be checked: nothing it logs is kept.</summary>
    private sealed class Discard : ITracker
    {
        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step)
        {
        }

        public void SetTag(string key, string value)
        {
        }

        public void LogArtifact(string localPath, string artifactPath = "")
        {
        }
    }
}
