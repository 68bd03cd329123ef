using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// What the evaluators that draw random subsets share: their options, the component's logger, and a seed drawn once
/// from the component's generator (so every evaluation of a run draws the same subsets).
/// </summary>
/// <typeparam name="TOptions">The evaluator's options.</typeparam>
public abstract class SeededEvaluator<TOptions>
    where TOptions : class
{
    /// <summary>Keeps the options and logger and draws the seed.</summary>
    protected SeededEvaluator(TOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        Options = options;
        Logger = context.Logger;
        Seed = EvaluationInputs.DrawSeed(context.Generator);
    }

    /// <summary>The evaluator's options.</summary>
    protected TOptions Options { get; }

    /// <summary>The component's logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>The seed of the evaluator's random subsets.</summary>
    protected long Seed { get; }
}
