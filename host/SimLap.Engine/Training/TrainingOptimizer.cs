using SimLap.Engine.Experiments;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SimLap.Engine.Training;

/// <summary>
/// The optimiser named in <c>train.optimizer</c>: Adam, AdamW, SGD, or LARS (SGD whose gradients are first scaled
/// layer by layer by the trust ratio eta * ||w|| / ||g + wd w||, biases and norm parameters left out when asked).
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private const double Epsilon = 1e-12;
    private readonly optim.Optimizer optimizer;
    private readonly IReadOnlyList<Parameter> adapted;
    private readonly double eta;
    private readonly double weightDecay;

    /// <summary>Creates the optimiser over <paramref name="parameters"/>.</summary>
    public TrainingOptimizer(OptimizerOptions options, IEnumerable<Parameter> parameters)
    {
        var all = parameters.Where(p => p.requires_grad).ToList();
        adapted = [];
        switch (options.Type)
        {
            case OptimizerKind.Adam:
                optimizer = optim.Adam(all, options.Lr, 0.9, 0.999, 1e-8, options.WeightDecay, false, false);
                break;
            case OptimizerKind.AdamW:
                optimizer = optim.AdamW(all, options.Lr, 0.9, 0.999, 1e-8, options.WeightDecay, false, false);
                break;
            case OptimizerKind.Sgd:
                optimizer = optim.SGD(all, options.Lr, options.Momentum, 0, options.WeightDecay, options.Nesterov, false);
                break;
            case OptimizerKind.Lars:
                var excluded = options.ExcludeBiasAndNorm ? all.Where(p => p.dim() <= 1).ToList() : [];
                adapted = all.Except(excluded).ToList();
                (eta, weightDecay) = (options.Eta, options.WeightDecay);

                // Weight decay of the adapted group is added to the gradient before adaptation, so SGD itself adds none.
                var groups = new List<TorchSharp.Modules.SGD.ParamGroup>
                {
                    new(adapted, new TorchSharp.Modules.SGD.Options { weight_decay = 0 }),
                };
                if (excluded.Count > 0)
                {
                    groups.Add(new(excluded, new TorchSharp.Modules.SGD.Options { weight_decay = 0 }));
                }

                optimizer = optim.SGD(groups, options.Lr, options.Momentum, 0, 0, options.Nesterov, false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Type, "unknown optimiser");
        }
    }

    /// <summary>The wrapped TorchSharp optimiser.</summary>
    public optim.Optimizer Inner => optimizer;

    /// <summary>Clears the gradients.</summary>
    public void ZeroGrad() => optimizer.zero_grad();

    /// <summary>Takes one step (after LARS adaptation of the gradients, for LARS).</summary>
    public void Step()
    {
        if (adapted.Count > 0)
        {
            AdaptGradients();
        }

        optimizer.step();
    }

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public void SetLearningRate(double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }

    /// <inheritdoc />
    public void Dispose() => optimizer.Dispose();

    private void AdaptGradients()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var parameter in adapted)
        {
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }

            if (weightDecay > 0)
            {
                gradient.add_(parameter, alpha: weightDecay);
            }

            // Stays on the device: no read of the norms, so no synchronisation.
            var weightNorm = parameter.norm();
            var gradientNorm = gradient.norm();
            var usable = weightNorm.gt(0).logical_and(gradientNorm.gt(0));
            var trust = torch.where(usable, weightNorm.mul(eta).div(gradientNorm.add(Epsilon)), torch.ones_like(weightNorm));
            gradient.mul_(trust);
        }
    }
}
