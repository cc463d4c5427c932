using static TorchSharp.torch;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// Checks, before a bfloat16 run starts, that this CPU's bfloat16 convolutions agree with float32 on the narrow
/// layers every SR network has (3 -> 64 head, 64 -> 3 tail, 3 -> 3 mean shift), forward and backward.
/// On an AMD EPYC (Zen 5, AVX512-BF16, no AMX) libtorch's oneDNN kernels return wrong values there: forward off by
/// ~30 % and input gradients of 1e3-1e29 or NaN, varying run to run, so training reaches a NaN loss within ~40
/// iterations. Only capping oneDNN at SSE4.1 made them right (at AVX2 one 64 -> 3 input gradient was still off by 100 %);
/// the wide 64 -> 64 convolutions were right either way.
/// </summary>
public static class BFloat16KernelCheck
{
    /// <summary>Relative error above which bfloat16 is refused; bfloat16's own rounding gives about 0.005.</summary>
    public const double Tolerance = 0.05;

    /// <summary>
    /// The largest relative error (max |bf16 - fp32| / max |fp32|) over the output and the input and weight gradients
    /// of each narrow convolution, fed in NCHW and channels_last. Seeded, so the inputs are the same on every call.
    /// </summary>
    public static double WorstRelativeError()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        double worst = 0;
        foreach (var (inChannels, outChannels, kernel) in new[] { (3, 64, 3), (64, 3, 3), (3, 3, 1) })
            foreach (bool channelsLast in new[] { false, true })
            {
                var input = rand(4, inChannels, 32, 32, generator: generator) * 255;
                if (channelsLast) input = ChannelsLast.Of(input);
                var weight = randn(outChannels, inChannels, kernel, kernel, generator: generator) * 0.05;
                var bias = randn(outChannels, generator: generator) * 0.1;
                var reference = Run(input, weight, bias, kernel);
                var bfloat16 = Run(input.to(ScalarType.BFloat16), weight.to(ScalarType.BFloat16), bias.to(ScalarType.BFloat16), kernel);
                for (int i = 0; i < reference.Length; i++)
                {
                    double scale = reference[i].abs().max().item<float>();
                    double error = (reference[i] - bfloat16[i].to(ScalarType.Float32)).abs().max().item<float>() / scale;
                    worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
                }
            }
        return worst;
    }

    /// <summary>Throws <see cref="NotSupportedException"/> when bfloat16 convolutions are wrong on this CPU.</summary>
    public static void EnsureUsable()
    {
        double error = WorstRelativeError();
        if (error <= Tolerance) return;
        string measured = double.IsInfinity(error) ? "NaN values" : $"a relative error of {error:G3}";
        throw new NotSupportedException(
            $"--precision bf16 cannot be used on this CPU: its bfloat16 convolutions (libtorch's oneDNN kernels) give {measured} " +
            $"against float32 on 3-channel layers (bfloat16 rounding alone stays below {Tolerance}), which would make training diverge; " +
            "use --precision fp32");
    }

    // Output, input gradient and weight gradient of one convolution, as leaves of a fresh graph.
    private static Tensor[] Run(Tensor input, Tensor weight, Tensor bias, int kernel)
    {
        var x = input.detach().requires_grad_(true);
        var w = weight.detach().requires_grad_(true);
        var output = nn.functional.conv2d(x, w, bias, padding: [kernel / 2, kernel / 2]);
        output.sum().backward();
        return [output.detach(), x.grad!, w.grad!];
    }
}
