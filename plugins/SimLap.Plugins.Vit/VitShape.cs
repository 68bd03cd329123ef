namespace SimLap.Plugins.Vit;

/// <summary>The architecture of a <see cref="VisionTransformer"/>.</summary>
/// <param name="Channels">Input image channels.</param>
/// <param name="GridHeight">Patches per column at the data set's image size.</param>
/// <param name="GridWidth">Patches per row at the data set's image size.</param>
/// <param name="Patch">Patch side in pixels.</param>
/// <param name="Width">Token width.</param>
/// <param name="Depth">Transformer blocks.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="MlpRatio">MLP hidden width over token width.</param>
/// <param name="ClassToken">Pool with a class token (else the mean of the patch tokens).</param>
/// <param name="DropPath">Stochastic-depth rate of the last block.</param>
internal sealed record VitShape(int Channels, int GridHeight, int GridWidth, int Patch, int Width, int Depth, int Heads, double MlpRatio, bool ClassToken, double DropPath);
