namespace SimLap.Plugins.Isolation;

/// <summary>A fraction written in YAML as a percentage (<c>50%</c>).</summary>
/// <param name="Fraction">The value divided by 100.</param>
public readonly record struct Percentage(double Fraction);
