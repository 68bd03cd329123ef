namespace SimLap.Contracts.Model;

/// <summary>Evaluates a <see cref="MomentumSchedule"/>: m(k) = Final - (Final - Base) * (cos(pi k / K) + 1) / 2.</summary>
public static class MomentumScheduleExtensions
{
    /// <summary>The momentum at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public static double At(this MomentumSchedule schedule, long step, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (totalSteps <= 1)
        {
            return schedule.Base;
        }

        var progress = Math.Clamp((double)step / (totalSteps - 1), 0.0, 1.0);
        return schedule.Final - ((schedule.Final - schedule.Base) * (Math.Cos(Math.PI * progress) + 1) / 2);
    }
}
