namespace SimLap.Plugins.Vit;

/// <summary>Options of <c>vit-small</c>: width 384, 12 blocks, 6 heads, MLP ratio 4 (DeiT-S).</summary>
public sealed class VitSmallOptions : VitOptions
{
    /// <summary>ViT-Small's defaults.</summary>
    public VitSmallOptions()
    {
        Width = 384;
        Heads = 6;
    }
}
