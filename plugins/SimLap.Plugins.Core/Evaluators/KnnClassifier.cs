using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// Weighted kNN class scores as in the <c>knn</c> evaluator: the top-k training neighbours by cosine vote with weight
/// exp(cosine / T), computed in blocks of query rows.
/// </summary>
internal sealed class KnnClassifier(Tensor trainFeatures, Tensor trainLabels, long classes, int k, double temperature, int blockSize = 1024) : IDisposable
{
    private readonly Tensor train = nn.functional.normalize(trainFeatures.to(ScalarType.Float32), dim: 1);
    private readonly Tensor labels = trainLabels.to(trainFeatures.device);

    /// <summary>Vote totals [N, C] of query features [N, F].</summary>
    public Tensor Scores(Tensor features)
    {
        using var scope = NewDisposeScope();
        var queries = nn.functional.normalize(features.to(ScalarType.Float32).to(train.device), dim: 1);
        var neighbours = (int)Math.Min(k, train.shape[0]);
        var blocks = new List<Tensor>();
        for (long start = 0; start < queries.shape[0]; start += blockSize)
        {
            var length = Math.Min(blockSize, queries.shape[0] - start);
            var (similarity, index) = queries.narrow(0, start, length).matmul(train.t()).topk(neighbours, dim: 1);
            blocks.Add(zeros(new[] { length, classes }, dtype: similarity.dtype, device: similarity.device)
                .scatter_add(1, labels[index], similarity.div(temperature).exp()));
        }

        return (blocks.Count == 0 ? zeros(0, classes) : cat(blocks)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        train.Dispose();
        labels.Dispose();
    }
}
