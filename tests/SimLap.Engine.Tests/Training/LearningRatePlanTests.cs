using SimLap.Engine.Experiments;
using SimLap.Engine.Training;

namespace SimLap.Engine.Tests.Training;

public sealed class LearningRatePlanTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void WarmUpRisesLinearlyToTheBaseRate()
    {
        // 10 epochs of 10 steps, 1 warm-up epoch: steps 0..9 take lr * (step + 1) / 10.
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Cosine, lr: 2.0, warmup: 1, minRatio: 0.1), 10);

        Assert.Equal(0.2, plan.At(0), Tolerance);
        Assert.Equal(1.0, plan.At(4), Tolerance);
        Assert.Equal(2.0, plan.At(9), Tolerance);
    }

    [Fact]
    public void CosineDecaysFromTheBaseRateToMinLrRatioTimesIt()
    {
        // After 10 warm-up steps, 90 cosine steps: lr(t) = floor + (lr - floor) * (1 + cos(pi * (t - 10) / 90)) / 2, floor = 0.2.
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Cosine, lr: 2.0, warmup: 1, minRatio: 0.1), 10);

        Assert.Equal(2.0, plan.At(10), Tolerance);
        Assert.Equal(0.2 + (1.8 * 0.5 * (1 + Math.Cos(Math.PI * 30 / 90))), plan.At(40), Tolerance);
        Assert.Equal(1.1, plan.At(55), Tolerance);
        Assert.Equal(0.2 + (1.8 * 0.5 * (1 + Math.Cos(Math.PI * 89 / 90))), plan.At(99), Tolerance);
        Assert.Equal(0.2, plan.At(100), Tolerance);
    }

    [Fact]
    public void CosineRatesNeverRiseAfterWarmUp()
    {
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Cosine, lr: 1.0, warmup: 0.5, minRatio: 0.0), 8);

        var rates = Enumerable.Range(4, 76).Select(s => plan.At(s)).ToList();
        Assert.All(rates.Zip(rates.Skip(1)), pair => Assert.True(pair.Second <= pair.First, $"{pair.Second} > {pair.First}"));
        Assert.True(rates[^1] > 0);
    }

    [Fact]
    public void WithoutWarmUpTheFirstStepUsesTheBaseRate()
    {
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Cosine, lr: 0.5, warmup: 0, minRatio: 0), 4);

        Assert.Equal(0.5, plan.At(0), Tolerance);
        Assert.Equal(0.25, plan.At(20), Tolerance);
    }

    [Fact]
    public void FractionalWarmUpEpochsRoundToWholeSteps()
    {
        // 0.5 epochs of 10 steps: 5 warm-up steps.
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Constant, lr: 1.0, warmup: 0.5, minRatio: 0), 10);

        Assert.Equal(0.2, plan.At(0), Tolerance);
        Assert.Equal(1.0, plan.At(4), Tolerance);
        Assert.Equal(1.0, plan.At(5), Tolerance);
    }

    [Fact]
    public void ConstantStaysAtTheBaseRateAfterWarmUp()
    {
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Constant, lr: 0.3, warmup: 1, minRatio: 0.5), 10);

        Assert.Equal(0.03, plan.At(0), Tolerance);
        Assert.All(new long[] { 10, 50, 99, 150 }, step => Assert.Equal(0.3, plan.At(step), Tolerance));
    }

    [Fact]
    public void AWarmUpAsLongAsTrainingNeverDecays()
    {
        var plan = new LearningRatePlan(Options(LearningRateSchedule.Cosine, lr: 1.0, warmup: 10, minRatio: 0), 10);

        Assert.Equal(0.01, plan.At(0), Tolerance);
        Assert.Equal(1.0, plan.At(99), Tolerance);
    }

    [Fact]
    public void StepScheduleMultipliesByGammaAtEachMilestoneEpoch()
    {
        var options = Options(LearningRateSchedule.Step, lr: 1.0, warmup: 0, minRatio: 0);
        options.Milestones = [3, 6];
        options.StepGamma = 0.5;
        var plan = new LearningRatePlan(options, 10);

        Assert.Equal(1.0, plan.At(0), Tolerance);
        Assert.Equal(1.0, plan.At(29), Tolerance);
        Assert.Equal(0.5, plan.At(30), Tolerance);
        Assert.Equal(0.5, plan.At(59), Tolerance);
        Assert.Equal(0.25, plan.At(60), Tolerance);
        Assert.Equal(0.25, plan.At(99), Tolerance);
    }

    [Fact]
    public void LinearScalingMultipliesTheBaseRateByBatchSizeOver256()
    {
        var options = Options(LearningRateSchedule.Constant, lr: 0.3, warmup: 0, minRatio: 0);
        options.BatchSize = 1024;
        options.Optimizer.LrScale = LearningRateScaling.Linear;

        var plan = new LearningRatePlan(options, 10);

        Assert.Equal(1.2, plan.BaseRate, Tolerance);
        Assert.Equal(1.2, plan.At(50), Tolerance);
        Assert.Equal(0.3, new LearningRatePlan(Options(LearningRateSchedule.Constant, lr: 0.3, warmup: 0, minRatio: 0), 10).BaseRate, Tolerance);
    }

    private static TrainOptions Options(LearningRateSchedule schedule, double lr, double warmup, double minRatio) => new()
    {
        Epochs = 10,
        Schedule = schedule,
        WarmupEpochs = warmup,
        MinLrRatio = minRatio,
        Optimizer = new OptimizerOptions { Lr = lr },
    };
}
