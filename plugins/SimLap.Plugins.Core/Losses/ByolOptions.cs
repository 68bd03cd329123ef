namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>byol</c> loss.</summary>
public sealed class ByolOptions : MomentumLossOptions
{
}
