namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>One trial's state, combined from its newest run and its scheduler task.</summary>
/// <param name="Index">The trial index.</param>
/// <param name="Label">Its overrides.</param>
/// <param name="State">The combined state.</param>
/// <param name="RunId">Its newest run, if it has one.</param>
/// <param name="RunStatus">That run's MLflow status.</param>
/// <param name="Task">Its scheduler task, if the scheduler still knows it.</param>
public sealed record TrialStatus(int Index, string Label, TrialState State, string? RunId, string? RunStatus, SlurmTask? Task);
