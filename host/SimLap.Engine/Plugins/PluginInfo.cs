namespace SimLap.Engine.Plugins;

/// <summary>A loaded plugin assembly.</summary>
/// <param name="Name">The assembly name.</param>
/// <param name="Path">The DLL's full path.</param>
/// <param name="Version">The assembly's informational version.</param>
/// <param name="ContractsVersion">The SimLap.Contracts version it was built against.</param>
/// <param name="Manifest">Every file of the plugin's folder with its SHA-256.</param>
public sealed record PluginInfo(string Name, string Path, string Version, Version ContractsVersion, PluginManifest Manifest)
{
    /// <summary>The SHA-256 of the plugin's folder (what <c>plugins.pin</c> holds), hex.</summary>
    public string Sha256 => Manifest.Sha256;
}
