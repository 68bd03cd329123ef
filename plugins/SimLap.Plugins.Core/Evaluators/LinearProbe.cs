using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// Fits a linear classifier on frozen features, standardised with the fitting set's mean and standard deviation.
/// <list type="bullet">
/// <item><b>adam</b>: multinomial logistic regression, weights and biases from zero, Adam with a cosine learning-rate
/// schedule (lr_t = lr * (1 + cos(pi t / T)) / 2 over all T steps), mini-batches reshuffled every epoch (full batch when
/// the set fits in one), cross-entropy + weight_decay / 2 * ||W||^2 (the bias is not decayed). With more than one weight
/// decay, a seeded validation split (validation_fraction of the set) chooses the one of highest validation top-1 (ties:
/// the larger decay), and the probe is refitted on the whole set.</item>
/// <item><b>ridge</b>: least squares onto one-hot targets, W = (X^T X / n + lambda I)^-1 X^T (Y - mean(Y)) / n,
/// b = mean(Y), solved with <c>torch.linalg.solve</c> (in the dual form X^T (X X^T / n + lambda I)^-1 (Y - mean(Y)) / n
/// when there are fewer examples than features), in float64. With more than one lambda, the one of highest closed-form
/// leave-one-out accuracy is chosen (ties: the larger lambda): from the thin SVD X = U S V^T, the hat values
/// h_i = 1/n + sum_j U_ij^2 s_j^2 / (s_j^2 + n lambda) and the leave-one-out predictions y_i - (y_i - yhat_i) / (1 - h_i).
/// (The standardisation is not redone without each example.)</item>
/// </list>
/// </summary>
public static class LinearProbe
{
    /// <summary>Fits a probe on <paramref name="features"/> [N, F] with labels [N] in [0, <paramref name="classes"/>).</summary>
    public static LinearProbeModel Fit(Tensor features, Tensor labels, long classes, LinearProbeSettings settings, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        if (features.dim() != 2 || labels.dim() != 1 || features.shape[0] != labels.shape[0] || features.shape[0] == 0)
        {
            throw new ArgumentException($"A probe needs features [N, F] and labels [N] with N > 0; found [{string.Join(", ", features.shape)}] and [{string.Join(", ", labels.shape)}].");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dtype = settings.Solver == ProbeSolver.Ridge ? ScalarType.Float64 : ScalarType.Float32;
        var x = features.to(dtype);
        var y = labels.to(x.device);
        var mean = x.mean([0L]);
        var std = x.std(0, unbiased: false);
        std = where(std.gt(1e-8), std, ones_like(std));
        var standardised = x.sub(mean).div(std);
        var (weight, bias, regularisation) = settings.Solver == ProbeSolver.Ridge
            ? FitRidge(standardised, y, classes, settings.RidgeLambdas)
            : FitAdam(standardised, y, classes, settings, generator);
        return new LinearProbeModel(
            mean.MoveToOuterDisposeScope(),
            std.MoveToOuterDisposeScope(),
            weight.MoveToOuterDisposeScope(),
            bias.MoveToOuterDisposeScope(),
            regularisation);
    }

    /// <summary>The closed-form ridge solution for one lambda on standardised (column-centred) features.</summary>
    public static (Tensor Weight, Tensor Bias) SolveRidge(Tensor x, Tensor labels, long classes, double lambda)
    {
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        var f = x.shape[1];
        var targets = nn.functional.one_hot(labels, classes).to(x.dtype);
        var bias = targets.mean([0L]);
        var centred = targets.sub(bias);
        Tensor weight;
        if (n >= f)
        {
            var gram = x.t().matmul(x).div(n).add(eye(f, dtype: x.dtype, device: x.device).mul(lambda));
            weight = linalg.solve(gram, x.t().matmul(centred).div(n));
        }
        else
        {
            var kernel = x.matmul(x.t()).div(n).add(eye(n, dtype: x.dtype, device: x.device).mul(lambda));
            weight = x.t().matmul(linalg.solve(kernel, centred.div(n)));
        }

        return (weight.MoveToOuterDisposeScope(), bias.MoveToOuterDisposeScope());
    }

    /// <summary>Leave-one-out top-1 accuracy (%) of ridge at each lambda, in the given order.</summary>
    public static double[] LeaveOneOutAccuracy(Tensor x, Tensor labels, long classes, IReadOnlyList<double> lambdas)
    {
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        var targets = nn.functional.one_hot(labels, classes).to(x.dtype);
        var mean = targets.mean([0L]);
        var (u, s, _) = linalg.svd(x, fullMatrices: false);
        var projected = u.t().matmul(targets.sub(mean));
        var squared = s.square();
        var u2 = u.square();
        var result = new double[lambdas.Count];
        for (var i = 0; i < lambdas.Count; i++)
        {
            using var step = NewDisposeScope();
            var shrink = squared.div(squared.add(n * lambdas[i]));
            var fitted = u.mul(shrink).matmul(projected).add(mean);
            var hat = u2.matmul(shrink).add(1.0 / n).clamp(max: 1.0 - 1e-9).unsqueeze(1);
            var leaveOneOut = targets.sub(targets.sub(fitted).div(hat.neg().add(1.0)));
            result[i] = Accuracy.TopK(leaveOneOut, labels, 1);
        }

        return result;
    }

    private static (Tensor, Tensor, double) FitRidge(Tensor x, Tensor labels, long classes, IReadOnlyList<double> lambdas)
    {
        if (lambdas.Count == 0)
        {
            throw new ArgumentException("The ridge probe needs at least one lambda.");
        }

        var lambda = lambdas[0];
        if (lambdas.Count > 1)
        {
            var accuracy = LeaveOneOutAccuracy(x, labels, classes, lambdas);
            var best = double.NegativeInfinity;
            foreach (var index in Enumerable.Range(0, lambdas.Count).OrderBy(i => lambdas[i]))
            {
                if (accuracy[index] >= best)
                {
                    (best, lambda) = (accuracy[index], lambdas[index]);
                }
            }
        }

        var (weight, bias) = SolveRidge(x, labels, classes, lambda);
        return (weight, bias, lambda);
    }

    private static (Tensor, Tensor, double) FitAdam(Tensor x, Tensor labels, long classes, LinearProbeSettings settings, Generator generator)
    {
        if (settings.WeightDecays.Count == 0)
        {
            throw new ArgumentException("The Adam probe needs at least one weight decay.");
        }

        var decay = settings.WeightDecays[0];
        var n = x.shape[0];
        var held = (long)Math.Round(n * settings.ValidationFraction);
        if (settings.WeightDecays.Count > 1 && held >= 1 && n - held >= 1)
        {
            using var scope = NewDisposeScope();
            var permutation = randperm(n, generator: generator).to(x.device);
            var validation = permutation.narrow(0, 0, held);
            var training = permutation.narrow(0, held, n - held);
            var (xt, yt) = (x.index_select(0, training), labels.index_select(0, training));
            var (xv, yv) = (x.index_select(0, validation), labels.index_select(0, validation));
            var best = double.NegativeInfinity;
            foreach (var candidate in settings.WeightDecays.OrderBy(d => d))
            {
                using var fit = NewDisposeScope();
                var (w, b) = TrainAdam(xt, yt, classes, settings, candidate, generator);
                var accuracy = Accuracy.TopK(xv.matmul(w).add(b), yv, 1);
                if (accuracy >= best)
                {
                    (best, decay) = (accuracy, candidate);
                }
            }
        }

        var (weight, bias) = TrainAdam(x, labels, classes, settings, decay, generator);
        return (weight, bias, decay);
    }

    private static (Tensor Weight, Tensor Bias) TrainAdam(Tensor x, Tensor labels, long classes, LinearProbeSettings settings, double decay, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var n = x.shape[0];
        var batch = Math.Max(1, Math.Min(settings.BatchSize, n));
        var stepsPerEpoch = (n + batch - 1) / batch;
        var total = Math.Max(1, settings.Epochs * stepsPerEpoch);
        var weight = new TorchSharp.Modules.Parameter(zeros(x.shape[1], classes, dtype: x.dtype, device: x.device));
        var bias = new TorchSharp.Modules.Parameter(zeros(classes, dtype: x.dtype, device: x.device));
        using var optimizer = optim.Adam([weight, bias], lr: settings.LearningRate);
        long step = 0;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            settings.Cancellation.ThrowIfCancellationRequested();
            using var order = batch < n ? randperm(n, generator: generator).to(x.device) : null;
            for (long start = 0; start < n; start += batch, step++)
            {
                using var stepScope = NewDisposeScope();
                var length = Math.Min(batch, n - start);
                var (xb, yb) = order is null
                    ? (x, labels)
                    : (x.index_select(0, order.narrow(0, start, length)), labels.index_select(0, order.narrow(0, start, length)));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = settings.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / total));
                }

                var loss = nn.functional.cross_entropy(xb.matmul(weight).add(bias), yb);
                if (decay > 0)
                {
                    loss = loss.add(weight.square().sum().mul(decay / 2));
                }

                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }

        return (weight.detach().MoveToOuterDisposeScope(), bias.detach().MoveToOuterDisposeScope());
    }
}
