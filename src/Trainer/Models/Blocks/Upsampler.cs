using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models.Blocks;

/// <summary>
/// EP's Upsampler without BN or activation: x2 = [conv F→4F, PixelShuffle(2)], x3 = [conv F→9F, PixelShuffle(3)],
/// x4 = two x2 stages, so its keys are <c>0.*</c> and (x4) <c>2.*</c>. PixelShuffle is the CRD order
/// <c>out[c, h·r+i, w·r+j] = in[c·r²+i·r+j, h, w]</c>.
/// </summary>
public static class Upsampler
{
    /// <summary>The upsampler for <paramref name="scale"/> 2, 3 or 4 on <paramref name="features"/> channels; it keeps F channels.</summary>
    /// <exception cref="ArgumentException">Any other scale.</exception>
    public static Sequential Create(int scale, long features)
    {
        var stages = new List<(string, nn.Module<Tensor, Tensor>)>();
        switch (scale)
        {
            case 3:
                stages.Add(("0", SrConv.Create(features, 9 * features, 3)));
                stages.Add(("1", nn.PixelShuffle(3)));
                break;
            case 2 or 4:
                for (int i = 0; i < (scale == 2 ? 1 : 2); i++)
                {
                    stages.Add(($"{2 * i}", SrConv.Create(features, 4 * features, 3)));
                    stages.Add(($"{2 * i + 1}", nn.PixelShuffle(2)));
                }
                break;
            default:
                throw new ArgumentException($"scale {scale} is not supported: use 2, 3 or 4", nameof(scale));
        }
        return nn.Sequential(stages.ToArray());
    }
}
