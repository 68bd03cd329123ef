using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// One optimiser step, written once for every method: two augmented views, backbone, projector, pairs, head, loss
/// (against the momentum target's embeddings when there is one), backward, step; the online probe trains on the
/// step's detached features. It runs in its own dispose scope and returns the step's loss terms and diagnostics
/// without reading them, so nothing waits for the device.
/// </summary>
/// <param name="pipeline">The components.</param>
/// <param name="optimizer">The optimiser of their parameters.</param>
public sealed class TrainingStep(Pipeline pipeline, TrainingOptimizer optimizer)
{
    private string[] termNames = [];

    /// <summary>The name of each value <see cref="Run"/> returns (known after the first step): loss, loss_term, gate_penalty, then the diagnostics by name.</summary>
    public IReadOnlyList<string> TermNames => termNames;

    /// <summary>Trains on <paramref name="views"/> (both views of each image, stacked) and returns the step's values (float32 [terms], on the device, unread).</summary>
    public Tensor Run(Tensor views, Tensor batchLabels)
    {
        using var scope = torch.NewDisposeScope();

        var features = pipeline.Backbone.Network.call(views);
        var embeddings = pipeline.Projector.Network.call(features);
        var (z1, z2) = Halves(embeddings);
        var (f1, f2) = Halves(features);

        var pairs = pipeline.Pairs.Sample(batchLabels);
        var head = pipeline.Head.Gate(pairs);
        var input = new LossInput(z1, z2, pairs, head.Gates, f1, f2);
        if (pipeline.Target is { } target)
        {
            var (t1, t2) = Halves(target.Embed(views));
            input = input with { Target1 = t1, Target2 = t2 };
        }

        var output = pipeline.Loss.Compute(input);
        var objective = output.Loss + head.Penalty;

        optimizer.ZeroGrad();
        objective.backward();
        optimizer.Step();

        var diagnostics = output.Diagnostics.Concat(head.Diagnostics).ToList();
        if (pipeline.Probe is { } probe)
        {
            var (probeLoss, probeAccuracy) = probe.Step(features, torch.cat([batchLabels, batchLabels], 0));
            diagnostics.Add(new("online_probe_loss", probeLoss));
            diagnostics.Add(new("online_probe_accuracy", probeAccuracy));
        }

        diagnostics.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (termNames.Length == 0)
        {
            termNames = ["loss", "loss_term", "gate_penalty", .. diagnostics.Select(d => d.Key)];
        }

        Tensor[] terms = [objective, output.Loss, head.Penalty, .. diagnostics.Select(d => d.Value)];
        var values = torch.stack(terms.Select(t => t.detach().to_type(ScalarType.Float32).reshape(1)).ToArray()).reshape(-1);
        return values.MoveToOuterDisposeScope();
    }

    private static (Tensor First, Tensor Second) Halves(Tensor tensor)
    {
        var halves = tensor.chunk(2, 0);
        return (halves[0], halves[1]);
    }
}
