using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;

namespace SimLap.Engine.Plugins;

/// <summary>Each component kind's contract interface and YAML section.</summary>
public static class ComponentKinds
{
    private static readonly (ComponentKind Kind, Type Interface, string Section)[] Table =
    [
        (ComponentKind.Dataset, typeof(IDataset), "data"),
        (ComponentKind.Augmentation, typeof(IAugmentation), "augment"),
        (ComponentKind.Backbone, typeof(IBackbone), "backbone"),
        (ComponentKind.Projector, typeof(IProjector), "projector"),
        (ComponentKind.PairSampler, typeof(IPairSampler), "pairs"),
        (ComponentKind.SubspaceHead, typeof(ISubspaceHead), "head"),
        (ComponentKind.Loss, typeof(ILoss), "loss"),
        (ComponentKind.Evaluator, typeof(IEvaluator), "eval"),
    ];

    /// <summary>Every kind, in pipeline order.</summary>
    public static IEnumerable<ComponentKind> All => Table.Select(t => t.Kind);

    /// <summary>The YAML section of a kind.</summary>
    public static string Section(ComponentKind kind) => Table.First(t => t.Kind == kind).Section;

    /// <summary>The contract interface of a kind.</summary>
    public static Type Interface(ComponentKind kind) => Table.First(t => t.Kind == kind).Interface;

    /// <summary>The kinds whose interface <paramref name="type"/> implements.</summary>
    public static IEnumerable<ComponentKind> Implemented(Type type) => Table.Where(t => t.Interface.IsAssignableFrom(type)).Select(t => t.Kind);
}
