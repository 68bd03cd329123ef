using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// Weighted kNN on frozen, L2-normalised features (InstDisc / solo-learn): each test image's top-k training
/// neighbours by cosine vote for their class with weight exp(cosine / T); reports top-1 and top-5 accuracy in %.
/// </summary>
[SimLapComponent("knn", Description = "Weighted kNN classifier on frozen L2-normalised features (top-1/top-5 %).")]
public sealed class KnnEvaluator : IEvaluator
{
    private readonly KnnOptions options;

    /// <summary>Creates the evaluator.</summary>
    public KnnEvaluator(KnnOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        this.options = options;
    }

    /// <inheritdoc />
    public string Protocol => "knn";

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Train.Labels is null || context.Test.Labels is null)
        {
            throw new InvalidOperationException("The 'knn' evaluator needs labels on both the train and the test split; this data set has none.");
        }

        if (context.Train.Count == 0 || context.Test.Count == 0)
        {
            throw new InvalidOperationException("The 'knn' evaluator needs non-empty train and test splits.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var train = nn.functional.normalize(context.Encoder.Extract(context.Train), dim: 1);
        var test = nn.functional.normalize(context.Encoder.Extract(context.Test), dim: 1);
        var trainLabels = context.Train.Labels.to(train.device);
        var testLabels = context.Test.Labels.to(test.device);
        var classes = Math.Max(context.Data.NumClasses, 1 + Math.Max(trainLabels.max().item<long>(), testLabels.max().item<long>()));
        var k = (int)Math.Min(this.options.K, train.shape[0]);
        var top = (int)Math.Min(5, classes);

        long correct1 = 0, correct5 = 0;
        for (long start = 0; start < test.shape[0]; start += this.options.BlockSize)
        {
            using var block = NewDisposeScope();
            var length = Math.Min(this.options.BlockSize, test.shape[0] - start);
            var queries = test.narrow(0, start, length);
            var truth = testLabels.narrow(0, start, length).unsqueeze(1);
            var (similarity, index) = queries.matmul(train.t()).topk(k, dim: 1);
            var votes = zeros(new[] { length, classes }, dtype: similarity.dtype, device: similarity.device)
                .scatter_add(1, trainLabels[index], similarity.div(this.options.Temperature).exp());
            var ranked = votes.topk(top, dim: 1).Item2.eq(truth);
            correct1 += ranked.narrow(1, 0, 1).sum().item<long>();
            correct5 += ranked.any(1).sum().item<long>();
        }

        var total = (double)test.shape[0];
        var metrics = new Dictionary<string, double> { ["top1"] = 100.0 * correct1 / total };
        if (classes >= 5)
        {
            metrics["top5"] = 100.0 * correct5 / total;
        }

        return new EvaluationResult(metrics, Array.Empty<string>());
    }
}
