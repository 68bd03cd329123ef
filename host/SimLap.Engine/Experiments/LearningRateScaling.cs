namespace SimLap.Engine.Experiments;

/// <summary>How the base learning rate follows the batch size.</summary>
public enum LearningRateScaling
{
    /// <summary>Use <c>lr</c> as written.</summary>
    None,

    /// <summary><c>lr * batch_size / 256</c>.</summary>
    Linear,
}
