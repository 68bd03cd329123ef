namespace SimLap.Contracts.Model;

/// <summary>
/// A loss that regresses or contrasts against a momentum (EMA) copy of the backbone and projector (BYOL, MoCo v3,
/// SimLAP-dagger). The engine keeps that copy, updates it after every optimiser step with <see cref="Momentum"/>,
/// and fills <see cref="LossInput.Target1"/> and <see cref="LossInput.Target2"/>.
/// </summary>
public interface IMomentumLoss : ILoss
{
    /// <summary>The momentum schedule of the target network.</summary>
    MomentumSchedule Momentum { get; }
}
