namespace SimLap.Engine.Running;

/// <summary>What <c>simlap run</c> prints at the end.</summary>
/// <param name="RunId">The tracking run id.</param>
/// <param name="Location">Where the run was logged.</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="FinalLoss">Mean loss of the last epoch.</param>
/// <param name="Evaluation">Final evaluation metrics.</param>
/// <param name="TrainSeconds">Seconds of training and evaluation.</param>
public sealed record RunSummary(string RunId, string Location, long Steps, double FinalLoss, IReadOnlyDictionary<string, double> Evaluation, double TrainSeconds);
