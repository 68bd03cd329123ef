using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace SimLap.Engine.Configuration;

/// <summary>
/// Binds a YAML mapping to an options object, collecting every problem (unknown key with a did-you-mean,
/// wrong type, value out of range, failed cross-field rule) as <c>file:line:column: message</c>.
/// </summary>
public sealed class OptionsBinder
{
    private readonly List<string> problems = [];

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<string> Problems => problems;

    /// <summary>Throws a <see cref="ConfigurationException"/> listing every problem, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
    }

    /// <summary>Records a problem at a location.</summary>
    public void Report(SourceLocation location, string message) => problems.Add($"{location}: {message}");

    /// <summary>Records problems that are already formatted with their location.</summary>
    public void Report(IEnumerable<string> formatted) => problems.AddRange(formatted);

    /// <summary>
    /// Creates an instance of <paramref name="type"/> with its defaults and sets each key of <paramref name="map"/>
    /// (null: defaults only). Keys in <paramref name="ignoredKeys"/> are left to the caller.
    /// </summary>
    /// <param name="map">The YAML mapping.</param>
    /// <param name="type">The options class.</param>
    /// <param name="section">The dotted path of the mapping, for messages (e.g. <c>head</c>).</param>
    /// <param name="owner">What the section configures, for messages (e.g. <c>head type 'simlap-gate'</c>).</param>
    /// <param name="ignoredKeys">Keys the caller handles.</param>
    public object Bind(ConfigMap? map, Type type, string section, string owner, IReadOnlyCollection<string>? ignoredKeys = null)
    {
        var schema = OptionsSchema.For(type);
        var options = Activator.CreateInstance(type)!;
        var locations = new Dictionary<string, SourceLocation>();
        foreach (var entry in map?.Entries ?? [])
        {
            if (ignoredKeys?.Contains(entry.Key) == true)
            {
                continue;
            }

            var option = schema.Find(entry.Key);
            if (option is null)
            {
                var allowed = schema.Options.Select(o => o.Key).Concat(ignoredKeys ?? []).ToList();
                Report(entry.KeyLocation, $"unknown key '{Join(section, entry.Key)}' for {owner}.{Suggest.DidYouMean(entry.Key, allowed)} Allowed keys: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}.");
                continue;
            }

            locations[option.Property.Name] = entry.Value.Location;
            var path = Join(section, entry.Key);
            if (option.IsNested)
            {
                if (entry.Value is ConfigMap nested)
                {
                    option.Property.SetValue(options, Bind(nested, option.Property.PropertyType, path, $"'{path}'"));
                }
                else
                {
                    Report(entry.Value.Location, $"'{path}' must be a mapping of keys ({string.Join(", ", OptionsSchema.For(option.Property.PropertyType).Options.Select(o => o.Key))}); found {Found(entry.Value)}.");
                }

                continue;
            }

            if (entry.Value is ConfigScalar { Text: null, Quoted: false } && !option.AcceptsNull && (option.Property.PropertyType == typeof(string) || option.Property.PropertyType.IsArray))
            {
                // `key:` with nothing after it: an empty text or list, not a null the component never expects.
                option.Property.SetValue(options, option.Property.PropertyType.IsArray ? Array.CreateInstance(option.Property.PropertyType.GetElementType()!, 0) : "");
                continue;
            }

            if (!WithinParamLimits(entry.Value, path))
            {
                continue;
            }

            if (TryConvert(entry.Value, option.Property.PropertyType, path, out var value))
            {
                option.Property.SetValue(options, option.IsFilePath && value is string text ? ResolvePath(text, entry.Value.Location) : value);
            }
        }

        Validate(options, schema, section, map?.Location ?? SourceLocation.None, locations);
        return options;
    }

    private void Validate(object options, OptionsSchema schema, string section, SourceLocation sectionLocation, Dictionary<string, SourceLocation> locations)
    {
        foreach (var option in schema.Options)
        {
            var value = option.Property.GetValue(options);
            var location = locations.GetValueOrDefault(option.Property.Name, sectionLocation);
            foreach (var attribute in option.Property.GetCustomAttributes(typeof(ValidationAttribute), true).Cast<ValidationAttribute>())
            {
                if (attribute.IsValid(value))
                {
                    continue;
                }

                var rule = attribute is RangeAttribute range
                    ? $"must be between {OptionDescriptor.Format(range.Minimum)} and {OptionDescriptor.Format(range.Maximum)}"
                    : attribute.FormatErrorMessage(option.Key);
                Report(location, $"'{Join(section, option.Key)}' is {OptionDescriptor.Format(value)}, but {rule}.");
            }
        }

        if (options is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(options)))
            {
                var member = result.MemberNames.FirstOrDefault();
                var location = member is not null ? locations.GetValueOrDefault(member, sectionLocation) : sectionLocation;
                var key = member is not null ? Join(section, OptionNames.ToYamlKey(member)) : section;
                Report(location, $"'{key}': {result.ErrorMessage}");
            }
        }
    }

    /// <summary>
    /// Every option is logged as one MLflow param, whose value the server limits to <see cref="YamlLimits.MaxParamChars"/>
    /// characters, so longer texts and lists are refused here (at their line) rather than cut short in the tracking store.
    /// </summary>
    private bool WithinParamLimits(ConfigNode node, string path)
    {
        if (node is ConfigList list && list.Items.Count > YamlLimits.MaxListItems)
        {
            Report(node.Location, $"'{path}' has {list.Items.Count:N0} items; an option's list may have at most {YamlLimits.MaxListItems:N0} (it is logged as one param).");
            return false;
        }

        var length = node switch
        {
            ConfigScalar { Text: { } text } => text.Length,
            ConfigList items => items.Items.Sum(i => i is ConfigScalar { Text: { } t } ? t.Length + 2 : 0),
            _ => 0,
        };
        if (length > YamlLimits.MaxParamChars)
        {
            Report(node.Location, $"'{path}' is {length:N0} characters long as text; an option's value may be at most {YamlLimits.MaxParamChars:N0} (MLflow's limit on a param value).");
            return false;
        }

        return true;
    }

    private bool TryConvert(ConfigNode node, Type type, string path, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is ConfigScalar { Text: null, Quoted: false })
        {
            if (underlying is not null || !type.IsValueType)
            {
                return true;
            }

            Report(node.Location, $"'{path}' needs a value ({OptionDescriptor.Describe(type)}); found nothing.");
            return false;
        }

        type = underlying ?? type;
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var items = node is ConfigList list ? list.Items : [node];
            var array = Array.CreateInstance(elementType, items.Count);
            var ok = true;
            for (var i = 0; i < items.Count; i++)
            {
                if (TryConvert(items[i], elementType, $"{path}[{i}]", out var item))
                {
                    array.SetValue(item, i);
                }
                else
                {
                    ok = false;
                }
            }

            value = array;
            return ok;
        }

        if (node is not ConfigScalar { Text: { } text } scalar)
        {
            Report(node.Location, $"'{path}' must be {Article(OptionDescriptor.Describe(type))}; found {Found(node)}.");
            return false;
        }

        if (TryParseScalar(text, scalar.Quoted, type, out value))
        {
            return true;
        }

        var hint = type.IsEnum ? Suggest.DidYouMean(text, Enum.GetValues(type).Cast<Enum>().Select(OptionNames.ToYamlWord)) : "";
        Report(node.Location, $"'{path}' must be {Article(OptionDescriptor.Describe(type))}; found '{text}'.{hint}");
        return false;
    }

    private static bool TryParseScalar(string text, bool quoted, Type type, out object? value)
    {
        value = null;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (quoted && !type.IsEnum)
        {
            return false;
        }

        if (type.IsEnum)
        {
            var normalized = text.Replace("-", "").Replace("_", "");
            var match = Enum.GetValues(type).Cast<Enum>().FirstOrDefault(e => string.Equals(e.ToString(), normalized, StringComparison.OrdinalIgnoreCase));
            value = match;
            return match is not null;
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Int32 when int.TryParse(text, NumberStyles.Integer, invariant, out var i):
                value = i;
                return true;
            case TypeCode.Int64 when long.TryParse(text, NumberStyles.Integer, invariant, out var l):
                value = l;
                return true;
            case TypeCode.Double when double.TryParse(text, NumberStyles.Float, invariant, out var d):
                value = d;
                return true;
            case TypeCode.Single when float.TryParse(text, NumberStyles.Float, invariant, out var f):
                value = f;
                return true;
            case TypeCode.Boolean when text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
                return true;
            default:
                return false;
        }
    }

    private static string ResolvePath(string path, SourceLocation location)
    {
        if (path.Length == 0 || Path.IsPathRooted(path) || path.StartsWith('~') || location.Line == 0)
        {
            return path;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(location.File));
        return folder is null ? path : Path.GetFullPath(Path.Combine(folder, path));
    }

    private static string Join(string section, string key) => section.Length == 0 ? key : $"{section}.{key}";

    private static string Article(string typeName) => typeName.Contains('|') ? $"one of {typeName}" : typeName.StartsWith("integer") ? $"an {typeName}" : $"a {typeName}";

    private static string Found(ConfigNode node) => node switch
    {
        ConfigScalar { Text: null } => "nothing",
        ConfigScalar s => $"'{s.Text}'",
        ConfigList l => $"a list of {l.Items.Count}",
        _ => "a mapping",
    };
}
