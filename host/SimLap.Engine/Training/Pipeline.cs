using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>The built components of one experiment, and its data in memory.</summary>
public sealed class Pipeline : IDisposable
{
    /// <summary>The data set.</summary>
    public required IDataset Dataset { get; init; }

    /// <summary>The training split (uint8 images, labels).</summary>
    public required ImageSet Train { get; init; }

    /// <summary>The labelled images evaluators fit on: the training split, or the data set's labelled reference when training is label-free.</summary>
    public ImageSet EvaluationReference => Reference ?? Train;

    /// <summary>The data set's labelled reference, when its training split is label-free and it offers one.</summary>
    public ImageSet? Reference { get; init; }

    /// <summary>The test split.</summary>
    public required ImageSet Test { get; init; }

    /// <summary>The view generator.</summary>
    public required IAugmentation Augmentation { get; init; }

    /// <summary>The encoder.</summary>
    public required IBackbone Backbone { get; init; }

    /// <summary>The projector.</summary>
    public required IProjector Projector { get; init; }

    /// <summary>The pair sampler.</summary>
    public required IPairSampler Pairs { get; init; }

    /// <summary>The subspace head.</summary>
    public required ISubspaceHead Head { get; init; }

    /// <summary>The loss.</summary>
    public required ILoss Loss { get; init; }

    /// <summary>The evaluators, with the section each came from.</summary>
    public required IReadOnlyList<PipelineEvaluator> Evaluators { get; init; }

    /// <summary>The device.</summary>
    public required Device Device { get; init; }

    /// <summary>Every random generator of the run by stream name (components' and the data order's), for checkpoints.</summary>
    public required IReadOnlyDictionary<string, Generator> Generators { get; init; }

    /// <summary>The momentum target network, when the loss asks for one.</summary>
    public MomentumTarget? Target { get; init; }

    /// <summary>The online linear probe, when enabled and the data is labelled.</summary>
    public OnlineProbe? Probe { get; init; }

    /// <summary>Every trainable module.</summary>
    public IEnumerable<nn.Module> Modules => [Backbone.Network, Projector.Network, Head.Network, Loss.Network];

    /// <summary>Every trainable parameter.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> Parameters => Modules.SelectMany(m => m.parameters());

    /// <summary>Puts every module in training (true) or evaluation (false) mode.</summary>
    public void SetTraining(bool training)
    {
        foreach (var module in Modules.Concat(Target?.Modules ?? []))
        {
            module.train(training);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
        Reference?.Dispose();
        foreach (var evaluator in Evaluators)
        {
            evaluator.Transfer?.Dispose();
        }
        Target?.Dispose();
        Probe?.Dispose();
        foreach (var module in Modules.Distinct())
        {
            module.Dispose();
        }
    }
}
