using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>
/// The plain TorchSharp training loop (1): the networks written by hand, the same SimLAP loss, Adam, batch and views,
/// the data already float views on the device (all steps' views made up front), the loss read every 10 steps in one
/// batch. Nothing of the framework.
/// </summary>
internal sealed class HandLoop : IDisposable
{
    private const int LogEvery = 10;
    private readonly ModelSpec model;
    private readonly Generator generator = new(7, CPU);
    private readonly nn.Module<Tensor, Tensor> backbone;
    private readonly nn.Module<Tensor, Tensor> projector;
    private readonly HandGate gate;
    private readonly optim.Optimizer optimizer;
    private readonly Tensor views;
    private readonly Tensor labels;
    private readonly List<Tensor> pending = [];

    public HandLoop(ModelSpec model, int steps)
    {
        this.model = model;
        manual_seed(1);

        // The core plugin's initialisation: with TorchSharp's default one, Adam's state went denormal here
        // (measured: optimizer steps of ~0.4 s instead of ~5 ms); the framework initialises as the plugin does, so does the baseline.
        backbone = model.HandBackbone();
        projector = HandModels.Projector(model.FeatureDim, model.Hidden, model.Out);
        gate = new HandGate(ModelSpec.Classes, model.GateEmbed, model.GateHidden, model.Out);
        HandModels.Initialize(backbone, generator);
        HandModels.Initialize(projector, generator);
        HandModels.Initialize(gate, generator);
        var parameters = backbone.parameters().Concat(projector.parameters()).Concat(gate.parameters()).ToList();
        optimizer = optim.Adam(parameters, 1e-3, 0.9, 0.999, 1e-8, 5e-4, false, false);
        views = rand([steps * 2L * model.Batch, ModelSpec.Channels, model.ImageSize, model.ImageSize], generator: generator);
        labels = randint(ModelSpec.Classes, [steps * (long)model.Batch], generator: generator, dtype: ScalarType.Int64);
    }

    /// <summary>The loss last read (every 10 steps).</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <summary>Trains on the views of step <paramref name="i"/>; reads the pending losses every 10 steps.</summary>
    public void Step(int i)
    {
        var b = model.Batch;
        using (var scope = NewDisposeScope())
        {
            var x = views.narrow(0, i * 2L * b, 2L * b);
            var y = labels.narrow(0, i * (long)b, b);
            var features = backbone.call(x);
            var embeddings = projector.call(features);
            var halves = embeddings.chunk(2, 0);
            var partners = y.index_select(0, randperm(b, generator: generator));
            var gates = gate.call(y, partners);
            var loss = HandLoss.Compute(halves[0], halves[1], gates, y, partners, 0.1);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            pending.Add(loss.detach().MoveToOuterDisposeScope());
        }

        if (pending.Count == LogEvery)
        {
            ReadPending();
        }
    }

    /// <summary>Reads the losses not read yet, as one tensor.</summary>
    public void ReadPending()
    {
        if (pending.Count == 0)
        {
            return;
        }

        using var stacked = stack(pending).cpu();
        LastLoss = stacked.data<float>()[pending.Count - 1];
        pending.ForEach(t => t.Dispose());
        pending.Clear();
    }

    public void Dispose()
    {
        pending.ForEach(t => t.Dispose());
        views.Dispose();
        labels.Dispose();
        optimizer.Dispose();
        backbone.Dispose();
        projector.Dispose();
        gate.Dispose();
        generator.Dispose();
    }
}
