using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>Runs a network on each fixture input and returns the worst |ours − PyTorch| on the [0,255] scale.</summary>
public static class ForwardParity
{
    public static double MaxAbsDiff(SrNetwork network, TorchFixtures.Case fixture)
    {
        network.eval();
        using var _ = no_grad();
        double worst = 0;
        foreach (var o in fixture.Outputs)
        {
            using var scope = NewDisposeScope();
            var input = TorchFixtures.ReadTensor(o.Input, o.InputShape);
            var expected = TorchFixtures.ReadTensor(o.File, o.OutputShape);
            var actual = network.forward(input, o.Scale);
            if (!actual.shape.SequenceEqual(expected.shape))
                throw new InvalidOperationException($"x{o.Scale} {o.Input}: shape [{string.Join(",", actual.shape)}] vs [{string.Join(",", expected.shape)}]");
            worst = Math.Max(worst, (actual - expected).abs().max().item<float>());
        }
        return worst;
    }
}
