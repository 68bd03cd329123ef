namespace SimLap.Plugins.Core.Data;

/// <summary>Where an image folder's decoded images live.</summary>
public enum ImageStorage
{
    /// <summary>In memory when a split's decoded images fit <c>memory_limit_mb</c>, else streamed from disk.</summary>
    Auto,

    /// <summary>Decoded once into memory (fastest; needs N x C x size x size bytes).</summary>
    Memory,

    /// <summary>Decoded from disk when a batch needs them, through a bounded cache of <c>cache_mb</c>.</summary>
    Stream,
}
