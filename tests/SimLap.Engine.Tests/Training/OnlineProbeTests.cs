using SimLap.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Tests.Training;

public sealed class OnlineProbeTests
{
    [Fact]
    public void TheProbeLearnsSeparableFeaturesWithoutBackPropagatingIntoTheEncoder()
    {
        torch.manual_seed(5);
        using var encoder = nn.Linear(2, 2);
        using var generator = new Generator(1, torch.CPU);
        using var probe = new OnlineProbe(2, 2, torch.CPU, 0.1, generator);
        using var inputs = torch.tensor(new float[] { 2, 0, 3, 0, 0, 2, 0, 3 }).reshape(4, 2);
        using var labels = torch.tensor(new long[] { 0, 0, 1, 1 });

        Tensor accuracy = torch.zeros(1);
        for (var i = 0; i < 200; i++)
        {
            var features = encoder.call(inputs);
            (_, accuracy) = probe.Step(features, labels);
        }

        Assert.Equal(100f, accuracy.item<float>());
        Assert.All(encoder.parameters(), p => Assert.Null(p.grad));
    }
}
