using MlNetSr.Trainer.Models;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>A seed alone decides a new network's weights, whatever else draws from libtorch's process-wide generator.</summary>
public class SeededInitialisationTests
{
    private static readonly ModelConfig Small = new(SrArchitecture.Edsr, 2, 16, 1.0, [2]);

    [Fact]
    public void TheSameSeedGivesTheSameWeightsWhateverTheGlobalGeneratorDid()
    {
        manual_seed(123);
        using var first = SrModelFactory.Create(Small, seed: 7);
        manual_seed(456);
        using (var noise = rand(1000)) { }
        using var second = SrModelFactory.Create(Small, seed: 7);
        WeightsRoundTripTests.AssertSameTensors(first, second);

        using var other = SrModelFactory.Create(Small, seed: 8);
        Assert.False(first.state_dict()["head.0.weight"].eq(other.state_dict()["head.0.weight"]).all().item<bool>(), "seed 8 drew seed 7's head");
    }

    [Fact]
    public void TrainableConvolutionsAreUniformInPyTorchsDefaultBoundAndTheMeanShiftsStayFixed()
    {
        using var network = SrModelFactory.Create(Small, seed: 3);
        using var reference = SrModelFactory.Create(Small);
        int convolutions = 0;
        foreach (var (name, module) in network.named_modules())
        {
            if (module is not Conv2d conv) continue;
            var weight = conv.weight!;
            if (!weight.requires_grad)
            {
                // sub_mean / add_mean: fixed RGB mean shifts, the same in every network.
                var fixedWeight = ((Conv2d)reference.named_modules().Single(m => m.name == name).module).weight!;
                Assert.True(weight.eq(fixedWeight).all().item<bool>(), $"{name} changed");
                continue;
            }
            convolutions++;
            double bound = 1.0 / Math.Sqrt(weight.shape[1] * weight.shape[2] * weight.shape[3]);
            double largest = weight.abs().max().item<float>();
            Assert.InRange(largest, 0.9 * bound, bound);
            Assert.True(conv.bias!.abs().max().item<float>() <= bound, $"{name}.bias beyond ±{bound}");
            // A uniform on ±b has standard deviation b/sqrt(3); the smallest conv here has 432 weights (10 % is 4 standard errors).
            double std = weight.std().item<float>();
            Assert.InRange(std, 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
        }
        Assert.True(convolutions >= 6, $"only {convolutions} trainable convolutions found");
    }
}
