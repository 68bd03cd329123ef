using SimLap.Contracts.Model;
using SimLap.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Tests.Training;

public sealed class MomentumTargetTests
{
    [Fact]
    public void TheTargetStartsAsACopyAndMovesByExactlyOneMinusMTowardsTheOnlineWeights()
    {
        torch.manual_seed(3);
        var online = new LinearBackbone(4, 3);
        var onlineProjector = new LinearProjector(3, 2);
        using var target = new MomentumTarget(online, onlineProjector, new LinearBackbone(4, 3), new LinearProjector(3, 2), new MomentumSchedule(0.9, 1.0));
        var before = target.Backbone.Network.parameters().Select(p => p.detach().clone()).ToList();
        Assert.All(online.Network.parameters().Zip(before), pair => Assert.True(pair.First.detach().eq(pair.Second).all().item<bool>()));
        Assert.All(target.Backbone.Network.parameters(), p => Assert.False(p.requires_grad));

        using (torch.no_grad())
        {
            foreach (var parameter in online.Network.parameters())
            {
                parameter.add_(1.0);
            }
        }

        target.Update(0.9);

        foreach (var (updated, old) in target.Backbone.Network.parameters().Zip(before))
        {
            var expected = old.add(0.1);
            Assert.True(updated.detach().allclose(expected, rtol: 0, atol: 1e-6), "target = 0.9 * target + 0.1 * (target + 1)");
        }
    }

    [Fact]
    public void TheMomentumScheduleRisesFromBaseToFinalAlongAHalfCosine()
    {
        var schedule = new MomentumSchedule(0.99, 1.0);

        Assert.Equal(0.99, schedule.At(0, 101), 12);
        Assert.Equal(0.995, schedule.At(50, 101), 12);
        Assert.Equal(1.0, schedule.At(100, 101), 12);
    }

    private sealed class LinearBackbone(long input, long output) : IBackbone
    {
        public nn.Module<Tensor, Tensor> Network { get; } = nn.Linear(input, output);

        public long FeatureDim => output;
    }

    private sealed class LinearProjector(long input, long output) : IProjector
    {
        public nn.Module<Tensor, Tensor> Network { get; } = nn.Linear(input, output);

        public long OutDim => output;
    }
}
