using SimLap.Engine.Configuration;

namespace SimLap.Engine.Plugins;

/// <summary>
/// An experiment's pin of a plugin (<c>plugins.pin</c>): the SHA-256 of the plugin's folder (every file in it, see
/// <see cref="PluginManifest"/>), written as the hash or as a manifest file listing each file's hash.
/// </summary>
/// <param name="Plugin">The plugin's name (its assembly and DLL name, as <c>simlap plugins</c> shows it).</param>
/// <param name="Sha256">The expected folder hash, 64 lower-case hex digits.</param>
/// <param name="Location">Where the pin was written.</param>
public sealed record PluginPin(string Plugin, string Sha256, SourceLocation Location)
{
    /// <summary>The expected files, when the pin is a manifest file (then a mismatch names the files that differ).</summary>
    public PluginManifest? Manifest { get; init; }
}
