namespace SimLap.Plugins.Core.Heads;

/// <summary>
/// The options the class-pair gate heads share: the class embedding E and the fusion MLP G. Each head's options class
/// declares them itself, so that its YAML keys keep their order and their descriptions.
/// </summary>
internal interface IGateNetworkOptions
{
    /// <summary>Width of the class embedding table E.</summary>
    int Embed { get; }

    /// <summary>Hidden width of the fusion MLP G.</summary>
    int Hidden { get; }
}
