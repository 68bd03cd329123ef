using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace SimLap.Plugins.Isolation;

/// <summary>
/// Reads <c>50%</c> as a <see cref="Percentage"/>. Written against YamlDotNet 13's <see cref="IYamlTypeConverter"/>
/// (<c>ReadYaml(IParser, Type)</c>); YamlDotNet 15 and later changed that interface, so with the host's 18.x this type
/// would not even load.
/// </summary>
internal sealed class PercentageConverter : IYamlTypeConverter
{
    /// <inheritdoc />
    public bool Accepts(Type type) => type == typeof(Percentage);

    /// <inheritdoc />
    public object? ReadYaml(IParser parser, Type type)
    {
        var scalar = parser.Consume<Scalar>();
        var text = scalar.Value.Trim();
        if (!text.EndsWith('%') || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
        {
            throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a percentage such as 50%.");
        }

        return new Percentage(percent / 100.0);
    }

    /// <inheritdoc />
    public void WriteYaml(IEmitter emitter, object? value, Type type) =>
        emitter.Emit(new Scalar(((Percentage)value!).Fraction.ToString("P0", CultureInfo.InvariantCulture)));
}
