using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// A linear classifier trained during pre-training on detached backbone features with its own Adam optimiser
/// (solo-learn's online linear evaluation, the accuracy the paper reports). It never back-propagates into the backbone.
/// </summary>
public sealed class OnlineProbe : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> classifier;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates a probe from <paramref name="featureDim"/> features to <paramref name="classes"/> classes.</summary>
    public OnlineProbe(long featureDim, int classes, Device device, double learningRate, Generator generator)
    {
        var linear = nn.Linear(featureDim, classes);
        using (torch.no_grad())
        {
            var bound = 1.0 / Math.Sqrt(featureDim);
            linear.weight!.uniform_(-bound, bound, generator);
            linear.bias!.uniform_(-bound, bound, generator);
        }

        classifier = linear;
        classifier.to(device);
        optimizer = optim.Adam(classifier.parameters(), learningRate);
    }

    /// <summary>One step on <paramref name="features"/> (detached here) and <paramref name="labels"/>; returns the loss and the accuracy in %, detached.</summary>
    public (Tensor Loss, Tensor Accuracy) Step(Tensor features, Tensor labels)
    {
        var logits = classifier.call(features.detach());
        var loss = nn.functional.cross_entropy(logits, labels);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        var accuracy = logits.detach().argmax(1).eq(labels).to_type(ScalarType.Float32).mean().mul(100);
        return (loss.detach(), accuracy);
    }

    /// <summary>Top-1 accuracy in % on <paramref name="test"/>.</summary>
    public double Evaluate(IFeatureExtractor encoder, ImageSet test)
    {
        if (test.Labels is null)
        {
            return double.NaN;
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var wasTraining = classifier.training;
        classifier.eval();
        var features = encoder.Extract(test);
        var predictions = classifier.call(features).argmax(1).cpu();
        classifier.train(wasTraining);
        return predictions.eq(test.Labels).to_type(ScalarType.Float64).mean().mul(100).item<double>();
    }

    /// <summary>The probe's optimiser (for checkpoints).</summary>
    public optim.Optimizer Optimizer => optimizer;

    /// <summary>The classifier (for checkpoints).</summary>
    public nn.Module Module => classifier;

    /// <inheritdoc />
    public void Dispose()
    {
        optimizer.Dispose();
        classifier.Dispose();
    }
}
