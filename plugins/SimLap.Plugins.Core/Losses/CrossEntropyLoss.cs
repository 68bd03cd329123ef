using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using SimLap.Plugins.Core.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// The supervised baseline: a linear classifier W f + b on the backbone features of both views, trained end to end with
/// loss = ( CE(W f1 + b, y) + CE(W f2 + b, y) ) / 2 (<see cref="SupervisedCrossEntropy"/>), y the anchors' labels.
/// Embeddings, pairs and gates are ignored.
/// </summary>
[SimLapComponent("cross-entropy", Description = "Supervised baseline: linear classifier on backbone features, cross-entropy over both views.")]
public sealed class CrossEntropyLoss : ILoss
{
    private readonly nn.Module<Tensor, Tensor> classifier;
    private readonly double labelSmoothing;

    /// <summary>Creates the classifier Linear(FeatureDim, C), initialised from the context's generator.</summary>
    public CrossEntropyLoss(CrossEntropyOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.RequireData().NumClasses;
        if (classes < 2)
        {
            throw new InvalidOperationException($"The 'cross-entropy' loss needs a labelled data set with at least 2 classes; it has {classes}.");
        }

        if (context.FeatureDim < 1)
        {
            throw new InvalidOperationException("The 'cross-entropy' loss needs the backbone's feature dimension, which is not known yet.");
        }

        var classifier = nn.Linear(context.FeatureDim, classes);
        ModuleInit.Initialize(classifier, context.Generator);
        this.classifier = classifier.to(context.Device);
        labelSmoothing = options.LabelSmoothing;
    }

    /// <inheritdoc />
    public nn.Module Network => this.classifier;

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var labels = input.Pairs.AnchorLabels;
        var logits1 = this.classifier.call(input.Features1);
        var logits2 = this.classifier.call(input.Features2);
        var loss = SupervisedCrossEntropy.Loss(logits1, logits2, labels, labelSmoothing);

        var correct = cat(new[] { logits1.detach().argmax(1), logits2.detach().argmax(1) }, 0).eq(cat(new[] { labels, labels }, 0));
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["accuracy"] = correct.to(ScalarType.Float32).mean().mul(100.0),
        };
        return new LossOutput(loss, diagnostics);
    }
}
