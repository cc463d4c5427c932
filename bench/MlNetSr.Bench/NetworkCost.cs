using MlNetSr.Trainer.Models;

namespace MlNetSr.Bench;

/// <summary>
/// Multiply-accumulates per LR pixel of an EDSR forward, counted conv by conv at the resolution each runs at
/// (SR_SPEC §6.5: about the parameter count, since nearly every conv runs at LR).
/// </summary>
public static class NetworkCost
{
    public static double MacsPerLowResolutionPixel(ModelConfig config, int scale)
    {
        if (config.Architecture != SrArchitecture.Edsr) throw new NotSupportedException("the benchmark counts EDSR only");
        double f = config.Features, conv3 = 9;
        double lr = 3 * f * conv3 + (2 * config.Blocks + 1) * f * f * conv3 + 3 * 3; // head, body, sub_mean
        double upsampler = scale switch
        {
            2 => f * 4 * f * conv3,
            3 => f * 9 * f * conv3,
            4 => f * 4 * f * conv3 + 4 * (f * 4 * f * conv3),
            _ => throw new ArgumentOutOfRangeException(nameof(scale)),
        };
        double output = scale * scale * (f * 3 * conv3 + 3 * 3); // tail conv and add_mean at the output resolution
        return lr + upsampler + output;
    }
}
