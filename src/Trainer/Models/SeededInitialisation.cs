using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models;

/// <summary>
/// Draws a network's trainable weights from a generator of its own. libtorch's default generator is process-wide, so
/// a seed set on it is changed by any other model, tensor or training drawing in between (tests in parallel, two
/// estimators fitted at once); a private generator makes the seed alone decide the initial weights.
/// </summary>
public static class SeededInitialisation
{
    /// <summary>
    /// Redraws every trainable convolution's weight and bias as PyTorch's default does: uniform in
    /// ±1/sqrt(fan_in), fan_in = input channels x kernel height x kernel width (kaiming_uniform with a = sqrt(5)).
    /// Frozen convolutions (the RGB mean shifts) keep their fixed values.
    /// </summary>
    public static void Apply(SrNetwork network, long seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        // named_modules walks in registration order, which the state_dict keys fix: the same seed, the same weights.
        foreach (var (_, module) in network.named_modules())
        {
            if (module is not Conv2d { weight: { requires_grad: true } weight } conv) continue;
            long fanIn = weight.shape[1] * weight.shape[2] * weight.shape[3];
            double bound = 1.0 / Math.Sqrt(fanIn);
            weight.copy_(Uniform(weight.shape, bound, generator));
            if (conv.bias is { } bias) bias.copy_(Uniform(bias.shape, bound, generator));
        }
    }

    private static Tensor Uniform(long[] shape, double bound, Generator generator) =>
        rand(shape, generator: generator) * (2 * bound) - bound;
}
