namespace SimLap.Contracts;

/// <summary>The version of the plugin contract surface. A plugin built against another major version is refused.</summary>
public static class ContractsVersion
{
    /// <summary>Major version: bumped on any breaking change of a public contract type.</summary>
    public const int Major = 1;

    /// <summary>Minor version: bumped when members are added without breaking existing plugins.</summary>
    public const int Minor = 5;

    /// <summary>The version as text, for messages.</summary>
    public static string Text => $"{Major}.{Minor}";
}
