namespace SimLap.Contracts.Model;

/// <summary>
/// The momentum of an exponential moving average target, rising from <paramref name="Base"/> to <paramref name="Final"/>
/// along a half cosine over training (BYOL's schedule): m(k) = Final - (Final - Base) * (cos(pi k / K) + 1) / 2.
/// </summary>
/// <param name="Base">Momentum at the first step (e.g. 0.99).</param>
/// <param name="Final">Momentum at the last step (e.g. 1.0).</param>
public sealed record MomentumSchedule(double Base, double Final)
{
    /// <summary>The momentum at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public double At(long step, long totalSteps)
    {
        if (totalSteps <= 1)
        {
            return Base;
        }

        var progress = Math.Clamp((double)step / (totalSteps - 1), 0.0, 1.0);
        return Final - ((Final - Base) * (Math.Cos(Math.PI * progress) + 1) / 2);
    }
}
