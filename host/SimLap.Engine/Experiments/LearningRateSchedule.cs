namespace SimLap.Engine.Experiments;

/// <summary>How the learning rate changes over training.</summary>
public enum LearningRateSchedule
{
    /// <summary>Linear warm-up, then cosine decay to <c>min_lr_ratio</c> times the base rate.</summary>
    Cosine,

    /// <summary>Linear warm-up, then constant.</summary>
    Constant,

    /// <summary>Linear warm-up, then multiplied by <c>step_gamma</c> at each epoch in <c>milestones</c>.</summary>
    Step,
}
