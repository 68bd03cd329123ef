using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimLap.Tracking;

/// <summary>
/// The small part of YAML MLflow's file store needs: string scalars written the way PyYAML's <c>safe_dump</c>
/// would (plain when that reads back as the same string, quoted otherwise), and reading a flat meta.yaml.
/// </summary>
public static partial class MlflowYaml
{
    /// <summary>
    /// Formats a string as a YAML scalar that any YAML 1.1/1.2 loader (PyYAML's <c>safe_load</c> in particular)
    /// reads back as exactly that string: plain when safe, single-quoted when it would otherwise read as a
    /// number, bool, null or date or contains YAML syntax, double-quoted with escapes when it holds control
    /// characters or line breaks.
    /// </summary>
    public static string Scalar(string? value)
    {
        value ??= string.Empty;
        return IsPlainSafe(value) ? value : Quoted(value);
    }

    /// <summary>Formats a string as a quoted YAML scalar (single quotes unless it needs escapes).</summary>
    public static string Quoted(string? value)
    {
        value ??= string.Empty;
        return NeedsEscapes(value) ? DoubleQuoted(value) : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Reads the top-level scalar entries of a YAML mapping file. A plain <c>null</c>/<c>~</c>/empty value is
    /// returned as null; nested values are skipped.
    /// </summary>
    public static Dictionary<string, string?> ReadMapping(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var stream = new YamlStream();
        stream.Load(reader);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            return result;
        }

        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } key } && entry.Value is YamlScalarNode scalar)
            {
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
                result[key] = isNull ? null : scalar.Value;
            }
        }

        return result;
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || ResolvesToNonString(value))
        {
            return false;
        }

        if (value[0] == ' ' || value[^1] == ' ' || "-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal)
            || value.StartsWith("...", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || c > 0x7E)
            {
                return false;
            }

            if (c == ':' && (i + 1 == value.Length || value[i + 1] == ' '))
            {
                return false;
            }

            if (c == '#' && value[i - 1] == ' ')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>PyYAML's implicit resolvers: plain scalars matching these load as something other than a string.</summary>
    private static bool ResolvesToNonString(string value) =>
        BoolPattern().IsMatch(value) || IntPattern().IsMatch(value) || FloatPattern().IsMatch(value)
        || NullPattern().IsMatch(value) || TimestampPattern().IsMatch(value) || value is "<<" or "=";

    private static bool NeedsEscapes(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string DoubleQuoted(string value)
    {
        var sb = new StringBuilder(value.Length + 8).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\0': sb.Append("\\0"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\v': sb.Append("\\v"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                case '\u001B': sb.Append("\\e"); break;
                case '\u0085': sb.Append("\\N"); break;
                case '\u00A0': sb.Append("\\_"); break;
                case '\u2028': sb.Append("\\L"); break;
                case '\u2029': sb.Append("\\P"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c) || c is '\uFEFF' or '\uFFFE' or '\uFFFF')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex("^(?:~|null|Null|NULL)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
