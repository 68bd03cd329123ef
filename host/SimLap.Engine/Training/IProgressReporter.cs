namespace SimLap.Engine.Training;

/// <summary>Receives training progress (the host shows it with Spectre.Console; tests ignore it).</summary>
public interface IProgressReporter
{
    /// <summary>Training starts with this many steps in all.</summary>
    void Start(long totalSteps);

    /// <summary>Training starts with this many steps in all, over <paramref name="epochs"/> epochs (default: <see cref="Start(long)"/>).</summary>
    void Start(long totalSteps, int epochs) => Start(totalSteps);

    /// <summary>A step finished; <paramref name="loss"/> is the latest loss read (null when none was read this step).</summary>
    void Step(long step, int epoch, double? loss);

    /// <summary>A one-line status (evaluation started, epoch summary).</summary>
    void Status(string message);

    /// <summary>Training ended.</summary>
    void Stop();
}

/// <summary>A reporter that shows nothing.</summary>
public sealed class SilentProgress : IProgressReporter
{
    /// <inheritdoc />
    public void Start(long totalSteps)
    {
    }

    /// <inheritdoc />
    public void Step(long step, int epoch, double? loss)
    {
    }

    /// <inheritdoc />
    public void Status(string message)
    {
    }

    /// <inheritdoc />
    public void Stop()
    {
    }
}
