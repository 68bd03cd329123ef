using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;

namespace SimLap.Engine.Experiments;

/// <summary>A component section resolved to a registered component with bound options.</summary>
/// <param name="Section">The YAML path of the section (<c>head</c>, <c>eval.0</c>).</param>
/// <param name="Descriptor">The registered component.</param>
/// <param name="Options">The bound options object.</param>
/// <param name="Location">Where the section was written.</param>
public sealed record ResolvedComponent(string Section, ComponentDescriptor Descriptor, object Options, SourceLocation Location)
{
    /// <summary>For an evaluator: run it every N epochs (0: when <c>train.eval_every</c> says, and at the end).</summary>
    public int Every { get; init; }

    /// <summary>For an evaluator: another data set to evaluate on (transfer), or null for the experiment's own.</summary>
    public ResolvedComponent? Data { get; init; }
}
