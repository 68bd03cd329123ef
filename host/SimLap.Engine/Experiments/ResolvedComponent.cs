using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;

namespace SimLap.Engine.Experiments;

/// <summary>A component section resolved to a registered component with bound options.</summary>
/// <param name="Section">The YAML path of the section (<c>head</c>, <c>eval.0</c>).</param>
/// <param name="Descriptor">The registered component.</param>
/// <param name="Options">The bound options object.</param>
/// <param name="Location">Where the section was written.</param>
public sealed record ResolvedComponent(string Section, ComponentDescriptor Descriptor, object Options, SourceLocation Location);
