namespace SimLap.Contracts.Components;

/// <summary>
/// Registers a class as a component that experiments can name in YAML with <c>type: name</c>.
/// The class implements one of the component interfaces (<see cref="Data.IDataset"/>, <see cref="Model.IBackbone"/>, ...)
/// and has exactly one public constructor, <c>(TOptions options, ComponentContext context)</c>: the options class
/// bound from the YAML section is the type of its first parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SimLapComponentAttribute : Attribute
{
    /// <summary>Registers the class under <paramref name="name"/>; its options class is its constructor's first parameter.</summary>
    /// <param name="name">The YAML name: lower-case words of letters and digits joined by single dashes (for example <c>simlap-gate</c>).</param>
    public SimLapComponentAttribute(string name)
    {
        Name = name;
    }

    /// <summary>Registers the class under <paramref name="name"/>, repeating its options class (the 1.0 form).</summary>
    /// <param name="name">The YAML name: lower-case words of letters and digits joined by single dashes (for example <c>simlap-gate</c>).</param>
    /// <param name="optionsType">The options class; it must be the constructor's first parameter, which is what the host binds.</param>
    [Obsolete("The options class is taken from the constructor's first parameter: write [SimLapComponent(name)]. When given, it must agree with the constructor.")]
    public SimLapComponentAttribute(string name, Type optionsType)
    {
        Name = name;
        OptionsType = optionsType;
    }

    /// <summary>The YAML name of the component.</summary>
    public string Name { get; }

    /// <summary>The options class the 1.0 form repeats, or null; the host checks that it agrees with the constructor.</summary>
    [Obsolete("The options class is taken from the constructor's first parameter.")]
    public Type? OptionsType { get; }

    /// <summary>A one-line description shown by <c>simlap plugins</c> and <c>simlap describe</c>.</summary>
    public string Description { get; init; } = "";
}
