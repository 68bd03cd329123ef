using SimLap.Contracts.Components;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>Builds a <see cref="VisionTransformer"/> from the options and the data set, initialised from the component's generator.</summary>
internal static class VitBuilder
{
    /// <summary>The network on the context's device.</summary>
    /// <exception cref="ArgumentException">The patch is larger than the images, or heads do not divide the width.</exception>
    public static nn.Module<Tensor, Tensor> Build(VitOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var data = context.RequireData();
        var patch = options.PatchFor(data.Height, data.Width);
        if (patch > Math.Min(data.Height, data.Width))
        {
            throw new ArgumentException($"patch_size = {patch} is larger than the {data.Height}x{data.Width} images of '{data.Name}'; use a patch of at most {Math.Min(data.Height, data.Width)} pixels (4 at 32 px, 16 at 224 px).", nameof(options));
        }

        if (options.Width % options.Heads != 0)
        {
            throw new ArgumentException($"heads = {options.Heads} does not divide width = {options.Width}.", nameof(options));
        }

        // Stochastic depth draws its masks from the component's own generator (after the initialisation has drawn the
        // weights): training randomness never touches the global generator, and the engine saves that generator's
        // state in every checkpoint, so a resumed run draws the masks the uninterrupted run would have.
        var network = new VisionTransformer(
            new VitShape(data.Channels, data.Height / patch, data.Width / patch, patch, options.Width, options.Depth, options.Heads, options.MlpRatio, options.ClassToken, options.DropPath),
            context.Generator);
        VitInit.Initialize(network, context.Generator);
        return network.to(context.Device);
    }
}
