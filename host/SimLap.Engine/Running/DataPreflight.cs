using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Model;
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

        if (problems.Count == 0 && TrainingSetProblem(loaded, trial, experiment, loggers ?? NullLoggerFactory.Instance) is { } sizeProblem)
        {
            problems.Add(sizeProblem);
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
        var (problems, refusal) = Ask(data, seed, loggers, dataset => ((IDatasetPreflight)dataset).Preflight());
        return refusal is null ? problems ?? [] : [refusal];
    }

    /// <summary>
    /// What <see cref="TrainingPlanCheck"/> refuses in the training set's size as the data set reports it
    /// (<see cref="ITrainingSetPreflight"/>), located at the key at fault; null when it is fine or not known before loading.
    /// </summary>
    private static DataProblem? TrainingSetProblem(LoadedExperiment loaded, SweepTrial? trial, ResolvedExperiment experiment, ILoggerFactory loggers)
    {
        var data = experiment[ComponentKind.Dataset];
        if (!typeof(ITrainingSetPreflight).IsAssignableFrom(data.Descriptor.ImplementationType))
        {
            return null;
        }

        var seed = experiment.Options.Seed;
        var (size, refusal) = Ask(data, seed, loggers, dataset => ((ITrainingSetPreflight)dataset).TrainingSet());
        if (refusal is not null)
        {
            return new DataProblem($"{data.Location}: {data.Section} ({data.Descriptor.Name}): {refusal}", RootWritten: true);
        }

        var (needsLabels, _) = Ask(experiment[ComponentKind.PairSampler], seed, loggers, pairs => ((IPairSampler)pairs).NeedsLabels);
        // The size is this machine's data as found, so a problem with it is an error wherever the data was looked for.
        return size is not null && TrainingPlanCheck.Problem(size.Images, size.Labelled, needsLabels, experiment.Options.Train) is { } problem
            ? new DataProblem($"{PreflightChecks.Where(loaded, trial, problem.Key)}: {problem.Message}", RootWritten: true)
            : null;
    }

    /// <summary>
    /// Creates <paramref name="component"/> (which reads no image), asks it <paramref name="question"/> and disposes it;
    /// what it refuses, when created or asked, comes back as the refusal's message.
    /// </summary>
    private static (T? Answer, string? Refusal) Ask<T>(ResolvedComponent component, long seed, ILoggerFactory loggers, Func<object, T> question)
    {
        using var generator = SeedStreams.Generator(seed, component.Section);
        var context = new ComponentContext
        {
            Device = torch.CPU,
            Generator = generator,
            Seed = seed,
            Logger = loggers.CreateLogger($"SimLap.{component.Section}.{component.Descriptor.Name}"),
            Tracker = new Discard(),
        };
        object created;
        try
        {
            created = component.Descriptor.Create(component.Options, context);
        }
        catch (ComponentException e)
        {
            // A data set that reads its folder when created (image-folder's class names) refuses a bad one there.
            return (default, IsUserFacing(e.InnerException) ? e.InnerException!.Message : e.Message);
        }

        try
        {
            return (question(created), null);
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            return (default, e.Message);
        }
        finally
        {
            (created as IDisposable)?.Dispose();
        }
    }

    private static bool IsUserFacing(Exception? e) =>
        e is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException;

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
