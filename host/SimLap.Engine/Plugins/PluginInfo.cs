namespace SimLap.Engine.Plugins;

/// <summary>A loaded plugin assembly.</summary>
/// <param name="Name">The assembly name.</param>
/// <param name="Path">The DLL's full path.</param>
/// <param name="Version">The assembly's informational version.</param>
/// <param name="ContractsVersion">The SimLap.Contracts version it was built against.</param>
/// <param name="Sha256">The DLL's SHA-256, hex.</param>
public sealed record PluginInfo(string Name, string Path, string Version, Version ContractsVersion, string Sha256);
