using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using TorchSharp;

namespace SimLap.Engine.Training;

/// <summary>Builds the components of a resolved experiment in pipeline order, each with its own context.</summary>
public sealed class PipelineBuilder(ResolvedExperiment experiment, torch.Device device, ITracker tracker, ILoggerFactory loggers, string workDirectory)
{
    /// <summary>The stream name of the generator that shuffles the training data each epoch.</summary>
    public const string DataOrderStream = "data-order";

    private readonly Dictionary<string, torch.Generator> generators = [];

    /// <summary>Builds the pipeline and loads the data into memory.</summary>
    public Pipeline Build()
    {
        var seed = experiment.Options.Seed;

        // Layer initialisation in TorchSharp draws from the global generator: seed it once, here, before any module exists.
        torch.manual_seed(SeedStreams.Derive(seed, "init"));

        var context = Context(ComponentKind.Dataset, null);
        var dataset = Create<IDataset>(ComponentKind.Dataset, context);
        var train = dataset.Load(DatasetSplit.Train);
        var test = dataset.Load(DatasetSplit.Test);
        var reference = train.Labels is null ? (dataset as ILabelledReference)?.LoadLabelledReference() : null;
        context = context with { Data = dataset.Info };

        var augmentation = Create<IAugmentation>(ComponentKind.Augmentation, context);
        var backbone = Create<IBackbone>(ComponentKind.Backbone, context);
        backbone.Network.to(device);
        context = context with { FeatureDim = backbone.FeatureDim };
        var projector = Create<IProjector>(ComponentKind.Projector, context);
        projector.Network.to(device);
        context = context with { EmbeddingDim = projector.OutDim };
        var pairs = Create<IPairSampler>(ComponentKind.PairSampler, context);
        var head = Create<ISubspaceHead>(ComponentKind.SubspaceHead, context);
        head.Network.to(device);
        var loss = Create<ILoss>(ComponentKind.Loss, context);
        loss.Network.to(device);

        var target = loss is IMomentumLoss momentumLoss ? BuildTarget(momentumLoss, backbone, projector, dataset.Info, context) : null;
        var probe = BuildProbe(train, dataset.Info, backbone.FeatureDim);
        var evaluators = experiment.Evaluators.Select(e => new PipelineEvaluator(
            e.Section,
            (IEvaluator)e.Descriptor.Create(e.Options, ContextFor(e, context)),
            e.Every,
            e.Data is { } data ? LoadTransfer(data) : null)).ToList();

        return new Pipeline
        {
            Dataset = dataset,
            Train = train,
            Test = test,
            Reference = reference,
            Augmentation = augmentation,
            Backbone = backbone,
            Projector = projector,
            Pairs = pairs,
            Head = head,
            Loss = loss,
            Evaluators = evaluators,
            Device = device,
            Target = target,
            Probe = probe,
            Generators = new Dictionary<string, torch.Generator>(generators) { [DataOrderStream] = SeedStreams.Generator(seed, DataOrderStream) },
        };
    }

    private T Create<T>(ComponentKind kind, ComponentContext current)
    {
        var component = experiment[kind];
        return (T)component.Descriptor.Create(component.Options, ContextFor(component, current));
    }

    // The momentum target: a second backbone and projector (created after the loss, as the seeded order requires).
    private MomentumTarget BuildTarget(IMomentumLoss loss, IBackbone backbone, IProjector projector, DatasetInfo info, ComponentContext context)
    {
        var targetBackbone = Create<IBackbone>(ComponentKind.Backbone, Context(ComponentKind.Dataset, info));
        targetBackbone.Network.to(device);
        var targetProjector = Create<IProjector>(ComponentKind.Projector, context);
        targetProjector.Network.to(device);
        return new MomentumTarget(backbone, projector, targetBackbone, targetProjector, loss.Momentum);
    }

    private OnlineProbe? BuildProbe(ImageSet train, DatasetInfo info, long featureDim)
    {
        if (!experiment.Options.Train.OnlineProbe || train.Labels is null || info.NumClasses <= 1)
        {
            return null;
        }

        using var probeGenerator = SeedStreams.Generator(experiment.Options.Seed, "online-probe");
        return new OnlineProbe(featureDim, info.NumClasses, device, experiment.Options.Train.ProbeLr, probeGenerator);
    }

    private TransferData LoadTransfer(ResolvedComponent data)
    {
        var dataset = (IDataset)data.Descriptor.Create(data.Options, ContextFor(data, Context(ComponentKind.Dataset, null)));
        var train = dataset.Load(DatasetSplit.Train);
        var reference = train.Labels is null ? (dataset as ILabelledReference)?.LoadLabelledReference() : null;
        if (reference is not null)
        {
            train.Dispose();
        }

        return new TransferData(dataset, reference ?? train, dataset.Load(DatasetSplit.Test));
    }

    private ComponentContext Context(ComponentKind kind, DatasetInfo? data) => new()
    {
        Device = device,
        Generator = SeedStreams.Generator(experiment.Options.Seed, ComponentKinds.Section(kind)),
        Seed = experiment.Options.Seed,
        Logger = loggers.CreateLogger($"SimLap.{ComponentKinds.Section(kind)}"),
        Tracker = tracker,
        Data = data,
        WorkDirectory = workDirectory,
    };

    private ComponentContext ContextFor(ResolvedComponent component, ComponentContext current)
    {
        var generator = SeedStreams.Generator(experiment.Options.Seed, component.Section);
        generators.TryAdd(component.Section, generator);
        return current with
        {
            Generator = generator,
            Logger = loggers.CreateLogger($"SimLap.{component.Section}.{component.Descriptor.Name}"),
        };
    }
}
