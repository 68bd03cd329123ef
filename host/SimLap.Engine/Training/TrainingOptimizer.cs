using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using TorchSharp;
using static TorchSharp.torch;
using Adam = TorchSharp.Modules.Adam;
using AdamW = TorchSharp.Modules.AdamW;
using Parameter = TorchSharp.Modules.Parameter;
using SGD = TorchSharp.Modules.SGD;

namespace SimLap.Engine.Training;

/// <summary>
/// The optimiser named in <c>train.optimizer</c>: Adam, AdamW, SGD, or LARS (SGD whose gradients are first scaled
/// layer by layer by the trust ratio eta * ||w|| / ||g + wd w||, biases and norm parameters left out when asked).
/// Parameters named in <c>exclude_from_decay</c> get a parameter group without weight decay; gradients can be
/// clipped to a global norm before each step.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private const double Epsilon = 1e-12;
    private readonly optim.Optimizer optimizer;
    private readonly IReadOnlyList<Parameter> adapted;
    private readonly double eta;
    private readonly double weightDecay;
    private readonly IReadOnlyList<Parameter> clipped;
    private readonly double clipNorm;

    /// <summary>Creates the optimiser over <paramref name="parameters"/> (unnamed: <c>exclude_from_decay</c> sees only their shapes).</summary>
    public TrainingOptimizer(OptimizerOptions options, IEnumerable<Parameter> parameters)
        : this(options, parameters.Select(parameter => ("", parameter)))
    {
    }

    /// <exception cref="ConfigurationException">An <c>exclude_from_decay</c> entry matches no named parameter.</exception>
    /// <summary>Creates the optimiser over named <paramref name="parameters"/>; gradients are clipped to <paramref name="gradClipNorm"/> (0 = off) before each step.</summary>
    public TrainingOptimizer(OptimizerOptions options, IEnumerable<(string Name, Parameter Parameter)> parameters, double gradClipNorm = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var named = parameters.Where(p => p.Parameter.requires_grad).DistinctBy(p => p.Parameter).ToList();
        var all = named.Select(p => p.Parameter).ToList();
        var noDecay = named.Where(p => DecayExclusion.Excluded(p.Name, p.Parameter, options.ExcludeFromDecay)).Select(p => p.Parameter).ToList();
        var decayed = all.Except(noDecay).ToList();
        DecayExclusion.RequireMatches(named, options.ExcludeFromDecay);
        clipped = gradClipNorm > 0 ? all : [];
        clipNorm = gradClipNorm;
        adapted = [];
        switch (options.Type)
        {
            case OptimizerKind.Adam:
                optimizer = optim.Adam(
                    Groups(decayed, noDecay, options.WeightDecay, (ps, wd) => new Adam.ParamGroup(ps, new Adam.Options { weight_decay = wd })),
                    options.Lr, 0.9, 0.999, 1e-8, options.WeightDecay, false, false);
                break;
            case OptimizerKind.AdamW:
                optimizer = optim.AdamW(
                    Groups(decayed, noDecay, options.WeightDecay, (ps, wd) => new AdamW.ParamGroup(ps, new AdamW.Options { weight_decay = wd })),
                    options.Lr, 0.9, 0.999, 1e-8, options.WeightDecay, false, false);
                break;
            case OptimizerKind.Sgd:
                optimizer = optim.SGD(
                    Groups(decayed, noDecay, options.WeightDecay, (ps, wd) => new SGD.ParamGroup(ps, new SGD.Options { weight_decay = wd })),
                    options.Lr, options.Momentum, 0, options.WeightDecay, options.Nesterov, false);
                break;
            case OptimizerKind.Lars:
                var excluded = options.ExcludeBiasAndNorm ? all.Where(p => p.dim() <= 1).Union(noDecay).ToList() : noDecay;
                adapted = all.Except(excluded).ToList();
                (eta, weightDecay) = (options.Eta, options.WeightDecay);

                // Weight decay of the adapted group is added to the gradient before adaptation, so SGD itself adds none.
                var groups = new List<SGD.ParamGroup>
                {
                    new(adapted, new SGD.Options { weight_decay = 0 }),
                };
                if (excluded.Count > 0)
                {
                    groups.Add(new(excluded, new SGD.Options { weight_decay = 0 }));
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

    /// <summary>Takes one step (after clipping the gradients' global norm when asked, and LARS adaptation, for LARS).</summary>
    public void Step()
    {
        if (clipped.Count > 0)
        {
            nn.utils.clip_grad_norm_(clipped, clipNorm);
        }

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

    /// <summary>One group with the configured decay, and one without for the excluded parameters (when there are any).</summary>
    private static List<T> Groups<T>(List<Parameter> decayed, List<Parameter> noDecay, double decay, Func<List<Parameter>, double, T> group)
    {
        var groups = new List<T> { group(decayed, decay) };
        if (noDecay.Count > 0)
        {
            groups.Add(group(noDecay, 0));
        }

        return groups;
    }

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
