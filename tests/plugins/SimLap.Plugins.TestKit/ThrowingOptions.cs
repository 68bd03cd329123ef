using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.TestKit;

/// <summary>Options whose validation throws instead of returning a result, to test how a plugin's failure there is reported.</summary>
public sealed class ThrowingOptions : IValidatableObject
{
    /// <summary>Any number; validation throws whatever it is.</summary>
    [Description("Ignored: validating these options always throws.")]
    public double Value { get; set; } = 1.0;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        throw new InvalidOperationException("the throwing-options test component's validation refuses to run");
}
