using SimLap.Engine.Experiments;
using SimLap.Engine.Running;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>How one trial of a sweep ended.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Summary">Its summary when it finished.</param>
/// <param name="Error">Its error when it failed.</param>
public sealed record TrialOutcome(SweepTrial Trial, RunSummary? Summary, string? Error);
