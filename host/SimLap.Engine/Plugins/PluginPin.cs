using SimLap.Engine.Configuration;

namespace SimLap.Engine.Plugins;

/// <summary>An experiment's pin of a plugin to the SHA-256 of its DLL (<c>plugins.pin</c>).</summary>
/// <param name="Plugin">The plugin's name (its assembly and DLL name, as <c>simlap plugins</c> shows it).</param>
/// <param name="Sha256">The expected hash, 64 lower-case hex digits.</param>
/// <param name="Location">Where the pin was written.</param>
public sealed record PluginPin(string Plugin, string Sha256, SourceLocation Location);
