using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Checks of the probe options shared by several evaluators.</summary>
internal static class ProbeOptionChecks
{
    /// <summary>Weight decays: non-empty, each >= 0; ridge lambdas: non-empty, each > 0.</summary>
    public static IEnumerable<ValidationResult> Validate(double[]? weightDecays, double[]? ridgeLambdas)
    {
        if (weightDecays is not { Length: > 0 } || weightDecays.Any(d => !(d >= 0) || double.IsInfinity(d)))
        {
            yield return new ValidationResult("weight_decays must be a non-empty list of finite values >= 0.", ["WeightDecays"]);
        }

        if (ridgeLambdas is not { Length: > 0 } || ridgeLambdas.Any(l => !(l > 0) || double.IsInfinity(l)))
        {
            yield return new ValidationResult("ridge_lambdas must be a non-empty list of finite values > 0.", ["RidgeLambdas"]);
        }
    }
}
