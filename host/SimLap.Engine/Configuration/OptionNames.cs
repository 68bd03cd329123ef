using System.Text;

namespace SimLap.Engine.Configuration;

/// <summary>Maps C# option property names to YAML keys (snake_case) and enum members to YAML words (kebab-case).</summary>
public static class OptionNames
{
    /// <summary><c>CropScale</c> becomes <c>crop_scale</c>.</summary>
    public static string ToYamlKey(string propertyName) => Words(propertyName, '_');

    /// <summary><c>LastNorm.Layer</c> becomes <c>layer</c>; <c>AdamW</c> becomes <c>adamw</c>; <c>BatchNorm</c> becomes <c>batch-norm</c>.</summary>
    public static string ToYamlWord(Enum value) => Words(value.ToString(), '-');

    private static string Words(string name, char separator)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (startsWord && !(separator == '-' && i == name.Length - 1))
            {
                builder.Append(separator);
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
