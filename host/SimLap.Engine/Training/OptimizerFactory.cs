using SimLap.Engine.Experiments;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace SimLap.Engine.Training;

/// <summary>Creates the optimiser named in <c>train.optimizer</c>.</summary>
public static class OptimizerFactory
{
    /// <summary>An optimiser over <paramref name="parameters"/>.</summary>
    public static torch.optim.Optimizer Create(OptimizerOptions options, IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToList();
        return options.Type switch
        {
            OptimizerKind.Adam => torch.optim.Adam(list, options.Lr, 0.9, 0.999, 1e-8, options.WeightDecay, false, false),
            OptimizerKind.AdamW => torch.optim.AdamW(list, options.Lr, 0.9, 0.999, 1e-8, options.WeightDecay, false, false),
            OptimizerKind.Sgd => torch.optim.SGD(list, options.Lr, options.Momentum, 0, options.WeightDecay, options.Nesterov, false),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Type, "unknown optimiser"),
        };
    }

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(torch.optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
