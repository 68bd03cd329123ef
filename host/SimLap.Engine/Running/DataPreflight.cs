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
    /// <remarks>Each data set is created once: the training set is asked what loading would refuse and its size on one instance.</remarks>
    public static IReadOnlyList<DataProblem> Find(LoadedExperiment loaded, SweepTrial? trial, ResolvedExperiment experiment, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(experiment);
        var factory = loggers ?? NullLoggerFactory.Instance;
        var training = experiment[ComponentKind.Dataset];
        var trainingAnswers = Examine(training, experiment.Options.Seed, factory, askSize: true);
        var problems = Located(loaded, trial, training, trainingAnswers.Problems).ToList();
        foreach (var data in experiment.Evaluators.Select(e => e.Data).OfType<ResolvedComponent>())
        {
            problems.AddRange(Located(loaded, trial, data, Examine(data, experiment.Options.Seed, factory, askSize: false).Problems));
        }

        if (problems.Count == 0 && TrainingSetProblem(loaded, trial, experiment, trainingAnswers, factory) is { } sizeProblem)
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

    /// <summary>A data set's problems, located at its section's <c>root</c> key when that is written, else at the section.</summary>
    private static IEnumerable<DataProblem> Located(LoadedExperiment loaded, SweepTrial? trial, ResolvedComponent data, IReadOnlyList<string> problems)
    {
        if (problems.Count == 0)
        {
            return [];
        }

        var rootKey = $"{data.Section}.root";
        var written = PreflightChecks.Find(loaded, trial, rootKey) is ConfigScalar { Text: { Length: > 0 } };
        var where = written ? $"{PreflightChecks.Where(loaded, trial, rootKey)}: {rootKey}" : $"{data.Location}: {data.Section}";
        return problems.Select(p => new DataProblem($"{where} ({data.Descriptor.Name}): {p}", written));
    }

    /// <summary>
    /// Creates the data set once (which reads no image) when it answers a question, and asks it what loading would refuse
    /// (<see cref="IDatasetPreflight"/>) and, with <paramref name="askSize"/> and no problem, its training set's size
    /// (<see cref="ITrainingSetPreflight"/>).
    /// </summary>
    private static DataAnswers Examine(ResolvedComponent data, long seed, ILoggerFactory loggers, bool askSize)
    {
        var type = data.Descriptor.ImplementationType;
        var checksFiles = typeof(IDatasetPreflight).IsAssignableFrom(type);
        var sized = askSize && typeof(ITrainingSetPreflight).IsAssignableFrom(type);
        if (!checksFiles && !sized)
        {
            return DataAnswers.None;
        }

        var (answers, refusal) = Ask(data, seed, loggers, dataset => Questions(dataset, sized));
        // A refusal when created is a file problem where the files are checked, else the size's.
        return refusal is null ? answers! : checksFiles ? DataAnswers.None with { Problems = [refusal] } : DataAnswers.None with { SizeRefusal = refusal };
    }

    private static DataAnswers Questions(object dataset, bool askSize)
    {
        var problems = dataset is IDatasetPreflight preflight ? preflight.Preflight() : [];
        if (problems.Count > 0 || !askSize)
        {
            return DataAnswers.None with { Problems = problems };
        }

        try
        {
            return DataAnswers.None with { Size = ((ITrainingSetPreflight)dataset).TrainingSet() };
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            return DataAnswers.None with { SizeRefusal = e.Message };
        }
    }

    /// <summary>
    /// What <see cref="TrainingPlanCheck"/> refuses in the training set's size as the data set reported it
    /// (<see cref="ITrainingSetPreflight"/>), located at the key at fault; null when it is fine or not known before loading.
    /// </summary>
    private static DataProblem? TrainingSetProblem(LoadedExperiment loaded, SweepTrial? trial, ResolvedExperiment experiment, DataAnswers answers, ILoggerFactory loggers)
    {
        var data = experiment[ComponentKind.Dataset];
        if (answers.SizeRefusal is { } refusal)
        {
            return new DataProblem($"{data.Location}: {data.Section} ({data.Descriptor.Name}): {refusal}", RootWritten: true);
        }

        if (answers.Size is not { } size)
        {
            return null;
        }

        var (needsLabels, _) = Ask(experiment[ComponentKind.PairSampler], experiment.Options.Seed, loggers, pairs => ((IPairSampler)pairs).NeedsLabels);
        // The size is this machine's data as found, so a problem with it is an error wherever the data was looked for.
        return TrainingPlanCheck.Problem(size.Images, size.Labelled, needsLabels, experiment.Options.Train) is { } problem
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

    /// <summary>What one data set answered: its problems, else its training set's size or why it refused to tell.</summary>
    private sealed record DataAnswers(IReadOnlyList<string> Problems, TrainingSetSize? Size, string? SizeRefusal)
    {
        public static DataAnswers None { get; } = new([], null, null);
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
