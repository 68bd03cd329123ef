using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// The momentum (EMA) copy of backbone and projector that BYOL-style and MoCo-style losses learn against:
/// built as a second instance of the same components, loaded with the online weights, never given gradients, and
/// updated after each optimiser step as target = m * target + (1 - m) * online.
/// </summary>
public sealed class MomentumTarget : IDisposable
{
    private readonly IBackbone onlineBackbone;
    private readonly IProjector onlineProjector;

    /// <summary>Creates the target from fresh component instances and copies the online weights into them.</summary>
    public MomentumTarget(IBackbone online, IProjector onlineProjector, IBackbone target, IProjector targetProjector, MomentumSchedule schedule)
    {
        onlineBackbone = online;
        this.onlineProjector = onlineProjector;
        Backbone = target;
        Projector = targetProjector;
        Schedule = schedule;
        Backbone.Network.load_state_dict(onlineBackbone.Network.state_dict());
        Projector.Network.load_state_dict(onlineProjector.Network.state_dict());
        foreach (var parameter in Parameters)
        {
            parameter.requires_grad = false;
        }
    }

    /// <summary>The target backbone.</summary>
    public IBackbone Backbone { get; }

    /// <summary>The target projector.</summary>
    public IProjector Projector { get; }

    /// <summary>The momentum schedule.</summary>
    public MomentumSchedule Schedule { get; }

    /// <summary>The target's modules (for checkpoints and device moves).</summary>
    public IEnumerable<nn.Module> Modules => [Backbone.Network, Projector.Network];

    private IEnumerable<TorchSharp.Modules.Parameter> Parameters => Modules.SelectMany(m => m.parameters());

    /// <summary>Target embeddings of <paramref name="views"/>, without gradient.</summary>
    public Tensor Embed(Tensor views)
    {
        using var noGrad = torch.no_grad();
        return Projector.Network.call(Backbone.Network.call(views));
    }

    /// <summary>Moves the target towards the online weights with momentum <paramref name="momentum"/>.</summary>
    public void Update(double momentum)
    {
        using var noGrad = torch.no_grad();
        var online = onlineBackbone.Network.parameters().Concat(onlineProjector.Network.parameters());
        foreach (var (target, source) in Parameters.Zip(online))
        {
            target.mul_(momentum).add_(source, alpha: 1 - momentum);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var module in Modules)
        {
            module.Dispose();
        }
    }
}
