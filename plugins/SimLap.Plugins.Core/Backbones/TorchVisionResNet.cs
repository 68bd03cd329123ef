using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>Builds the <c>resnet18</c>/<c>resnet34</c>/<c>resnet50</c> networks and initialises them from the component's generator.</summary>
internal static class TorchVisionResNet
{
    /// <summary>The network on the context's device, seeded from its generator, with the optional zero-init of residual branches.</summary>
    public static nn.Module<Tensor, Tensor> Build(Func<ResNet> stages, ResNetOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var network = new TorchVisionResNetNetwork(context.RequireData().Channels, stages(), options.CifarStem);

        // TorchVision initialises from the global generator; re-initialise from the component's own, so the network
        // depends on the experiment seed alone (convolutions He-normal fan-out and BN 1/0, as torchvision does).
        ModuleInit.Initialize(network, context.Generator);
        if (options.ZeroInitResidual)
        {
            ZeroLastNorms(network);
        }

        return network.to(context.Device);
    }

    /// <summary>Zeroes the weight of the last BN of each residual branch: bn3 of a bottleneck, bn2 of a basic block.</summary>
    private static void ZeroLastNorms(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            var last = module.GetType().Name switch
            {
                "Bottleneck" => "bn3",
                "BasicBlock" => "bn2",
                _ => null,
            };
            if (last is not null)
            {
                var norm = (BatchNorm2d)module.named_children().Single(child => child.name == last).module;
                norm.weight!.zero_();
            }
        }
    }
}
