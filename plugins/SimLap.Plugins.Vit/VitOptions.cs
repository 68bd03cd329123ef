using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Vit;

/// <summary>Options shared by the ViT backbones; the subclasses set the size's defaults.</summary>
public abstract class VitOptions : IValidatableObject
{
    /// <summary>Side of the square patches; 0 picks 4 for images up to 64 px and 16 above.</summary>
    [Description("Patch side in pixels; 0 = 4 for images up to 64 px (8x8 patches at 32 px), 16 above (14x14 at 224 px).")]
    [Range(0, 1024)]
    public int PatchSize { get; set; }

    /// <summary>Number of transformer blocks.</summary>
    [Description("Transformer blocks.")]
    [Range(1, 128)]
    public int Depth { get; set; } = 12;

    /// <summary>Token width (embedding dimension); the feature dimension.</summary>
    [Description("Token width; also the feature dimension.")]
    [Range(1, 16384)]
    public int Width { get; set; }

    /// <summary>Attention heads; must divide width.</summary>
    [Description("Attention heads; must divide width.")]
    [Range(1, 256)]
    public int Heads { get; set; }

    /// <summary>Hidden width of each block's MLP as a multiple of the token width.</summary>
    [Description("MLP hidden width as a multiple of width.")]
    [Range(0.25, 64.0)]
    public double MlpRatio { get; set; } = 4.0;

    /// <summary>Features from the class token (true) or the mean of the patch tokens (false; no class token then).</summary>
    [Description("Features: true = the class token after the final norm; false = mean of the patch tokens (no class token).")]
    public bool ClassToken { get; set; } = true;

    /// <summary>Stochastic-depth rate of the last block; block i drops its residual branches with rate i / (depth - 1) times this.</summary>
    [Description("Stochastic depth: the last block's drop rate, rising linearly from 0 at the first block.")]
    [Range(0.0, 0.99)]
    public double DropPath { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Heads > 0 && Width % Heads != 0)
        {
            yield return new ValidationResult($"heads = {Heads} does not divide width = {Width}; use a width that is a multiple of heads (64 per head is usual).", [nameof(Heads)]);
        }
    }

    /// <summary>The patch side for images of <paramref name="height"/> x <paramref name="width"/> pixels.</summary>
    public int PatchFor(int height, int width) => PatchSize > 0 ? PatchSize : (Math.Min(height, width) <= 64 ? 4 : 16);
}
