namespace SimLap.Contracts.Model;

/// <summary>
/// The momentum of an exponential moving average target, rising from <paramref name="Base"/> to <paramref name="Final"/>
/// along a half cosine over training (BYOL's schedule): m(k) = Final - (Final - Base) * (cos(pi k / K) + 1) / 2.
/// The engine evaluates it (SimLap.Contracts.Helpers' <c>schedule.At(step, totalSteps)</c>).
/// </summary>
/// <param name="Base">Momentum at the first step (e.g. 0.99).</param>
/// <param name="Final">Momentum at the last step (e.g. 1.0).</param>
public sealed record MomentumSchedule(double Base, double Final);
