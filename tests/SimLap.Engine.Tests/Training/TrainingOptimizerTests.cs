using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace SimLap.Engine.Tests.Training;

public sealed class TrainingOptimizerTests
{
    [Fact]
    public void ALarsStepScalesTheDecayedGradientByTheTrustRatioAndLeavesBiasesPlain()
    {
        using var weight = new Parameter(torch.tensor(new float[] { 3, 4 }).reshape(1, 2));
        using var bias = new Parameter(torch.tensor(new float[] { 1 }));
        weight.grad = torch.tensor(new float[] { 0.6f, 0.8f }).reshape(1, 2);
        bias.grad = torch.tensor(new float[] { 0.5f });
        var options = new OptimizerOptions { Type = OptimizerKind.Lars, Lr = 0.5, Momentum = 0.9, WeightDecay = 0.1, Eta = 0.02 };
        using var optimizer = new TrainingOptimizer(options, [weight, bias]);

        optimizer.Step();

        // g + wd w = [0.9, 1.2] (norm 1.5); trust = 0.02 * ||w|| / 1.5 = 0.02 * 5 / 1.5; w - lr * trust * g = [2.97, 3.96].
        var updated = weight.detach().reshape(-1).data<float>().ToArray();
        Assert.Equal(2.97, updated[0], 5);
        Assert.Equal(3.96, updated[1], 5);

        // The bias is excluded: no weight decay, no adaptation: 1 - 0.5 * 0.5.
        Assert.Equal(0.75, bias.detach().item<float>(), 6);
    }

    [Fact]
    public void SgdWithMomentumMatchesTheTextbookUpdateOverTwoSteps()
    {
        using var weight = new Parameter(torch.tensor(new float[] { 1, -2 }));
        var options = new OptimizerOptions { Type = OptimizerKind.Sgd, Lr = 0.1, Momentum = 0.5, WeightDecay = 0 };
        using var optimizer = new TrainingOptimizer(options, [weight]);

        weight.grad = torch.tensor(new float[] { 1, 1 });
        optimizer.Step();
        weight.grad = torch.tensor(new float[] { 1, 1 });
        optimizer.Step();

        // v1 = g = 1, w1 = w - 0.1; v2 = 0.5 * 1 + 1 = 1.5, w2 = w1 - 0.15.
        var values = weight.detach().data<float>().ToArray();
        Assert.Equal(0.75, values[0], 6);
        Assert.Equal(-2.25, values[1], 6);
    }

    [Fact]
    public void SettingTheLearningRateReachesEveryParameterGroup()
    {
        using var weight = new Parameter(torch.ones(2, 2));
        using var bias = new Parameter(torch.ones(2));
        using var optimizer = new TrainingOptimizer(new OptimizerOptions { Type = OptimizerKind.Lars }, [weight, bias]);

        optimizer.SetLearningRate(0.123);

        Assert.Equal(2, optimizer.Inner.ParamGroups.Count());
        Assert.All(optimizer.Inner.ParamGroups, g => Assert.Equal(0.123, g.LearningRate));
    }
}
