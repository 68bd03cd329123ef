namespace SimLap.Contracts.Evaluation;

/// <summary>Measures a frozen encoder (<c>eval:</c> in YAML, a list).</summary>
public interface IEvaluator
{
    /// <summary>The protocol, used as the metric prefix (<c>eval/&lt;protocol&gt;/top1</c>) and logged as a tag.</summary>
    string Protocol { get; }

    /// <summary>Runs the evaluation.</summary>
    EvaluationResult Evaluate(EvaluationContext context);
}
