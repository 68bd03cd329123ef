namespace SimLap.Contracts.Components;

/// <summary>Options of a component that has none besides its <c>type</c>.</summary>
public sealed class NoOptions
{
}
