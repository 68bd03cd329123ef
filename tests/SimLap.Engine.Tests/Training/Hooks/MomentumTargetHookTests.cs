using SimLap.Contracts.Model;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training.Hooks;

/// <summary>The momentum hook: target = m * target + (1 - m) * online after each step, m from the schedule, logged with the step.</summary>
public sealed class MomentumTargetHookTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void EachStepMovesTheTargetTowardsTheOnlineWeightsWithTheScheduledMomentumAndLogsIt()
    {
        var experiment = TinyExperiment.Resolve();
        using var online = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var spare = TinyExperiment.BuildPipeline(experiment, work.Path);
        // m(k) = 1 - 0.5 * (cos(pi k / 2) + 1) / 2 over 3 steps: 0.5, 0.75, 1.
        using var target = new MomentumTarget(online.Backbone, online.Projector, spare.Backbone, spare.Projector, new MomentumSchedule(0.5, 1.0));
        var hook = new MomentumTargetHook(target, totalSteps: 3);
        var state = new TrainingState(TrainingProgress.Start);
        var momenta = new List<double>();
        var expected = new List<float>();

        for (var step = 0; step < 3; step++)
        {
            // The online weight moves away (an optimiser step); the target follows it part of the way.
            using (torch.no_grad())
            {
                OnlineWeight(online).add_(1.0);
            }

            var (before, now) = (Value(TargetWeight(target)), Value(OnlineWeight(online)));
            var e = new StepEndArgs(state, torch.zeros(3), [], 0.1, TimeSpan.Zero, false);
            hook.OnStepEnd(e);
            var momentum = Assert.Single(e.Scalars, s => s.Key == MetricNames.Momentum).Value;
            momenta.Add(momentum);
            expected.Add((float)((momentum * before) + ((1 - momentum) * now)));
            Assert.Equal(expected[^1], Value(TargetWeight(target)), 5);
            e.Values.Dispose();
            state.Advance();
        }

        Assert.Equal([0.5, 0.75, 1.0], momenta.Select(m => Math.Round(m, 12)));
    }

    private static torch.Tensor OnlineWeight(Pipeline pipeline) => pipeline.Backbone.Network.parameters().First();

    private static torch.Tensor TargetWeight(MomentumTarget target) => target.Backbone.Network.parameters().First();

    private static float Value(torch.Tensor parameter)
    {
        using var first = parameter.detach().flatten()[0].cpu();
        return first.item<float>();
    }
}
