using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// A fitted linear probe: scores = ((x - mean) / std) W + b, with the standardisation taken from the fitting set.
/// The caller owns (and disposes) the model.
/// </summary>
public sealed class LinearProbeModel : IDisposable
{
    /// <summary>Wraps fitted tensors.</summary>
    public LinearProbeModel(Tensor mean, Tensor std, Tensor weight, Tensor bias, double regularisation)
    {
        Mean = mean;
        Std = std;
        Weight = weight;
        Bias = bias;
        Regularisation = regularisation;
    }

    /// <summary>Feature means of the fitting set [F].</summary>
    public Tensor Mean { get; }

    /// <summary>Feature standard deviations of the fitting set [F] (1 where a feature is constant).</summary>
    public Tensor Std { get; }

    /// <summary>Weights [F, C] on standardised features.</summary>
    public Tensor Weight { get; }

    /// <summary>Biases [C].</summary>
    public Tensor Bias { get; }

    /// <summary>The chosen weight decay (Adam) or ridge penalty lambda.</summary>
    public double Regularisation { get; }

    /// <summary>Class scores [N, C] of raw features [N, F].</summary>
    public Tensor Scores(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = features.to(Weight.dtype).to(Weight.device).sub(Mean).div(Std);
        return x.matmul(Weight).add(Bias).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Mean.Dispose();
        Std.Dispose();
        Weight.Dispose();
        Bias.Dispose();
    }
}
