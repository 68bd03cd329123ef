using SimLap.Engine.Training;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>A progress reporter that calls back after chosen steps (1-based) and counts the steps reported.</summary>
internal sealed class StepProbe(IReadOnlyDictionary<long, Action> atStep) : IProgressReporter
{
    public long TotalSteps { get; private set; }

    public long LastStep { get; private set; }

    public List<double> LossesRead { get; } = [];

    public void Start(long totalSteps) => TotalSteps = totalSteps;

    public void Step(long step, int epoch, double? loss)
    {
        LastStep = step;
        if (loss is { } value)
        {
            LossesRead.Add(value);
        }

        if (atStep.TryGetValue(step, out var action))
        {
            action();
        }
    }

    public void Status(string message)
    {
    }

    public void Stop()
    {
    }
}
