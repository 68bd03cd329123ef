using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Tests.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Backbones;

/// <summary>A few supervised steps on four fixed images: a linear head on the features, cross-entropy, Adam.</summary>
internal static class BackboneTraining
{
    /// <summary>Whether the loss after <paramref name="steps"/> steps is below the first step's loss.</summary>
    public static bool LossFallsOverSteps(IBackbone backbone, int channels, int size, int steps)
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, channels, size, 11);
        var labels = tensor(new long[] { 0, 1, 0, 1 });
        using var head = nn.Linear(backbone.FeatureDim, 2);
        var parameters = backbone.Network.parameters().Concat(head.parameters()).ToList();
        using var optimizer = optim.Adam(parameters, 1e-3);
        var losses = new List<float>();
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(head.call(backbone.Network.call(images)), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        return losses[^1] < losses[0];
    }
}
