using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace SimLap.Engine.Configuration;

/// <summary>The YAML keys of an options class, read from its properties: the one source for binding, validation and <c>simlap describe</c>.</summary>
public sealed class OptionsSchema
{
    private static readonly Dictionary<Type, OptionsSchema> Cache = [];

    private OptionsSchema(Type type)
    {
        Type = type;
        Options = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.SetMethod!.IsPublic)
            .Select(p => new OptionDescriptor(OptionNames.ToYamlKey(p.Name), p))
            .ToList();
    }

    /// <summary>The options class.</summary>
    public Type Type { get; }

    /// <summary>Its options, in declaration order.</summary>
    public IReadOnlyList<OptionDescriptor> Options { get; }

    /// <summary>The schema of <paramref name="type"/> (cached).</summary>
    public static OptionsSchema For(Type type)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(type, out var schema))
            {
                schema = new OptionsSchema(type);
                Cache[type] = schema;
            }

            return schema;
        }
    }

    /// <summary>The option with YAML key <paramref name="key"/>, or null.</summary>
    public OptionDescriptor? Find(string key) => Options.FirstOrDefault(o => o.Key == key);
}

/// <summary>One option: its YAML key, property, description and constraints.</summary>
public sealed record OptionDescriptor(string Key, PropertyInfo Property)
{
    /// <summary>The one-line description from <see cref="DescriptionAttribute"/>.</summary>
    public string Description => Property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";

    /// <summary>The allowed range, if the property declares one.</summary>
    public RangeAttribute? Range => Property.GetCustomAttribute<RangeAttribute>();

    /// <summary>True when the property is declared nullable (so a YAML null may be stored).</summary>
    public bool AcceptsNull => new NullabilityInfoContext().Create(Property).WriteState == NullabilityState.Nullable;

    /// <summary>True when the option is a path resolved against the experiment file that wrote it.</summary>
    public bool IsFilePath => Property.GetCustomAttribute<SimLap.Contracts.Components.FilePathAttribute>() is not null;

    /// <summary>True when the option is itself an options object (a nested mapping).</summary>
    public bool IsNested => IsNestedType(Property.PropertyType);

    /// <summary>A short description of the accepted values, for messages and <c>simlap describe</c>.</summary>
    public string TypeName => Describe(Property.PropertyType);

    /// <summary>Whether a type is bound from a nested mapping.</summary>
    public static bool IsNestedType(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>A short description of the values a type accepts.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return string.Join("|", Enum.GetValues(type).Cast<Enum>().Select(OptionNames.ToYamlWord));
        }

        if (type.IsArray)
        {
            return $"list of {Describe(type.GetElementType()!)}";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 or TypeCode.Int64 => "integer",
            TypeCode.Single or TypeCode.Double => "number",
            TypeCode.Boolean => "true|false",
            TypeCode.String => "text",
            _ => IsNestedType(type) ? "mapping" : type.Name,
        };
    }

    /// <summary>A value formatted as YAML would show it.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        Enum e => OptionNames.ToYamlWord(e),
        string s => s,
        Array a => "[" + string.Join(", ", a.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
