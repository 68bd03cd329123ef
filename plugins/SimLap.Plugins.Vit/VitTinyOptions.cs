namespace SimLap.Plugins.Vit;

/// <summary>Options of <c>vit-tiny</c>: width 192, 12 blocks, 3 heads, MLP ratio 4 (DeiT-Ti).</summary>
public sealed class VitTinyOptions : VitOptions
{
    /// <summary>ViT-Tiny's defaults.</summary>
    public VitTinyOptions()
    {
        Width = 192;
        Heads = 3;
    }
}
