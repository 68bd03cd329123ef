namespace SimLap.Contracts.Components;

/// <summary>
/// Registers a class as a component that experiments can name in YAML with <c>type: name</c>.
/// The class implements one of the component interfaces (<see cref="Data.IDataset"/>, <see cref="Model.IBackbone"/>, ...)
/// and has a public constructor taking <c>(TOptions options, ComponentContext context)</c>.
/// </summary>
/// <param name="name">The YAML name, lower-case with dashes (for example <c>simlap-gate</c>).</param>
/// <param name="optionsType">The options class bound from the YAML section; its public settable properties are the allowed keys.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SimLapComponentAttribute(string name, Type optionsType) : Attribute
{
    /// <summary>The YAML name of the component.</summary>
    public string Name { get; } = name;

    /// <summary>The options class bound from the YAML section.</summary>
    public Type OptionsType { get; } = optionsType;

    /// <summary>A one-line description shown by <c>simlap plugins</c> and <c>simlap describe</c>.</summary>
    public string Description { get; init; } = "";
}
