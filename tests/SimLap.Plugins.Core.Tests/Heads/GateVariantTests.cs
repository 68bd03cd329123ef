using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Heads;
using SimLap.Plugins.Core.Losses;
using SimLap.Plugins.Core.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Heads;

public sealed class GateVariantTests
{
    // With fc2's weights zeroed, the fused MLP's output is fc2's bias for every pair: a fixed, known gate logit per dim.
    private static readonly double[] Bias = [-0.5, 0.0, 0.5, -1.0];
    private static readonly PairAssignment Pairs = PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2 }), tensor(new long[] { 1, 1, 0 }));

    [Fact]
    public void StochasticGateInEvaluationIsTheClampedMeanAndThePenaltyIsTheExpectedL0()
    {
        var head = new StochasticGateHead(new StochasticGateOptions { Embed = 4, Hidden = 6, Sigma = 0.5, Penalty = 0.1 }, LossTestContext.Create(embeddingDim: 4));
        FixBias(head.Network);
        head.Network.eval();

        var output = head.Gate(Pairs);

        // mu = 0.5 + bias = (0, 0.5, 1, -0.5); clamp(mu, 0, 1) = (0, 0.5, 1, 0).
        double[] expectedRow = [0.0, 0.5, 1.0, 0.0];
        var actual = LossTestContext.Values(output.Gates);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(expectedRow[i % 4], actual[i], 6);
        }

        // P(gate > 0) = Phi(mu / sigma) = Phi(0), Phi(1), Phi(2), Phi(-1).
        double[] phi = [0.5, 0.8413447460685429, 0.9772498680518208, 0.15865525393145707];
        Assert.Equal(phi.Average(), output.Diagnostics["gate_expected_open"].item<float>(), 6);
        Assert.Equal(0.1 * phi.Average(), output.Penalty.item<float>(), 6);
        Assert.Equal(0.375, output.Diagnostics["gate_mean"].item<float>(), 6);
        Assert.Equal(0.5, output.Diagnostics["gate_open_fraction"].item<float>(), 6);
    }

    [Fact]
    public void StochasticGateInTrainingAddsGaussianNoiseFromTheGeneratorAndClamps()
    {
        var context = LossTestContext.Create(embeddingDim: 4);
        var head = new StochasticGateHead(new StochasticGateOptions { Embed = 4, Hidden = 6, Sigma = 0.5 }, context);
        FixBias(head.Network);
        head.Network.train();

        var state = context.Generator.get_state();
        var output = head.Gate(Pairs);
        context.Generator.set_state(state);
        var eps = LossTestContext.Values(randn(new long[] { 3, 4 }, generator: context.Generator));

        // gate = clamp(mu + sigma * eps, 0, 1) with the generator's next N(0, 1) draws.
        double[] mu = [0.0, 0.5, 1.0, -0.5];
        var actual = LossTestContext.Values(output.Gates);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(Math.Clamp(mu[i % 4] + (0.5 * eps[i]), 0, 1), actual[i], 6);
        }

        Assert.Equal(0.0f, output.Penalty.item<float>());
        Assert.False(head.Gate(Pairs).Gates.eq(output.Gates).all().item<bool>());
    }

    [Fact]
    public void GumbelGateInTrainingIsTheBinaryConcreteOfTheLogitsAndInEvaluationTheNoiseFreeSigmoid()
    {
        var context = LossTestContext.Create(embeddingDim: 4);
        var head = new GumbelGateHead(new GumbelGateOptions { Embed = 4, Hidden = 6, Temperature = 0.5 }, context);
        FixBias(head.Network);

        head.Network.train();
        var state = context.Generator.get_state();
        var training = LossTestContext.Values(head.Gate(Pairs).Gates);
        context.Generator.set_state(state);
        var u = LossTestContext.Values(rand(new long[] { 3, 4 }, generator: context.Generator));

        head.Network.eval();
        var evaluation = head.Gate(Pairs);

        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        for (var i = 0; i < 12; i++)
        {
            var a = Bias[i % 4];
            Assert.Equal(Sigmoid((a + Math.Log(u[i]) - Math.Log(1 - u[i])) / 0.5), training[i], 5);
        }

        // Evaluation: sigmoid(a / T) = sigmoid(-1), sigmoid(0), sigmoid(1), sigmoid(-2).
        double[] expected = [0.2689414213699951, 0.5, 0.7310585786300049, 0.11920292202211755];
        var actual = LossTestContext.Values(evaluation.Gates);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(expected[i % 4], actual[i], 6);
        }

        Assert.Equal(0.0f, evaluation.Penalty.item<float>());
        Assert.Equal(0.25, evaluation.Diagnostics["gate_open_fraction"].item<float>(), 6);
    }

    [Theory]
    [InlineData("stochastic")]
    [InlineData("gumbel")]
    public void GradientsReachTheEmbeddingAndTheFusionMlpThroughTheLoss(string variant)
    {
        var context = LossTestContext.Create(embeddingDim: 4, numClasses: 3, seed: 3);
        ISubspaceHead head = variant == "stochastic"
            ? new StochasticGateHead(new StochasticGateOptions { Embed = 8, Hidden = 16, Penalty = 0.01 }, context)
            : new GumbelGateHead(new GumbelGateOptions { Embed = 8, Hidden = 16 }, context);
        head.Network.train();
        var pairs = PairAssignment.ForClasses(tensor(new long[] { 0, 1, 2, 0, 1, 2 }), tensor(new long[] { 1, 2, 0, 0, 1, 2 }));
        var view1 = randn(new long[] { 6, 4 }, generator: context.Generator);
        var view2 = randn(new long[] { 6, 4 }, generator: context.Generator);

        var gate = head.Gate(pairs);
        Assert.True(gate.Gates.ge(0).all().item<bool>() && gate.Gates.le(1).all().item<bool>());
        var loss = new MultiPositiveLoss(new MultiPositiveOptions(), context).Compute(new LossInput(view1, view2, pairs, gate.Gates, view1, view2)).Loss.add(gate.Penalty);
        loss.backward();

        var grads = head.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        foreach (var name in new[] { "embedding.weight", "fusion.fc1.weight", "fusion.fc2.weight", "fusion.fc2.bias" })
        {
            Assert.NotNull(grads[name]);
            Assert.True(grads[name]!.isfinite().all().item<bool>(), $"non-finite gradient on {name}");
            Assert.True(grads[name]!.abs().sum().item<float>() > 0, $"no gradient on {name}");
        }
    }

    [Fact]
    public void InitialisationComesFromTheContextGenerator()
    {
        torch.manual_seed(1);
        var first = new GumbelGateHead(new GumbelGateOptions { Embed = 4, Hidden = 6 }, LossTestContext.Create(embeddingDim: 3, seed: 7));
        torch.manual_seed(2);
        var second = new GumbelGateHead(new GumbelGateOptions { Embed = 4, Hidden = 6 }, LossTestContext.Create(embeddingDim: 3, seed: 7));

        foreach (var (a, b) in first.Network.parameters().Zip(second.Network.parameters()))
        {
            Assert.True(a.eq(b).all().item<bool>());
        }
    }

    private static void FixBias(nn.Module network)
    {
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        parameters["fusion.fc2.weight"].zero_();
        parameters["fusion.fc2.bias"].copy_(tensor(Bias, dtype: ScalarType.Float32));
    }
}
