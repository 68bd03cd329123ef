namespace SimLap.Engine.Training;

/// <summary>What a finished training run reports.</summary>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="FinalLoss">Mean loss over the last epoch.</param>
/// <param name="Evaluation">The last value of every evaluation metric (keys like <c>eval/knn/top1</c>).</param>
/// <param name="TrainSeconds">Wall-clock seconds spent in training steps and evaluation.</param>
public sealed record TrainingResult(long Steps, double FinalLoss, IReadOnlyDictionary<string, double> Evaluation, double TrainSeconds);
