using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models.Blocks;

/// <summary>
/// EP's MeanShift: a frozen 1×1 conv with weight I₃ and bias ∓255·mean, mean = the DIV2K RGB mean. Its two
/// tensors stay in the state_dict (<c>sub_mean.*</c>, <c>add_mean.*</c>) but never require grad.
/// </summary>
public static class MeanShift
{
    /// <summary>DIV2K RGB mean (SR_SPEC §1.1).</summary>
    public static readonly float[] Div2kMean = [0.4488f, 0.4371f, 0.4040f];

    /// <summary>Pixel range the official weights were trained on.</summary>
    public const float RgbRange = 255f;

    /// <summary><paramref name="sign"/> −1 subtracts the mean (<c>sub_mean</c>), +1 adds it back (<c>add_mean</c>).</summary>
    public static Conv2d Create(int sign)
    {
        var conv = nn.Conv2d(3, 3, 1, bias: true);
        using (no_grad())
        {
            conv.weight!.copy_(IdentityWeight());
            conv.bias!.copy_(Bias(sign));
        }
        conv.weight!.requires_grad = false;
        conv.bias!.requires_grad = false;
        return conv;
    }

    /// <summary>The 3×3 identity as a [3, 3, 1, 1] conv weight: MeanShift's weight.</summary>
    public static Tensor IdentityWeight() => eye(3).reshape(3, 3, 1, 1);

    /// <summary>MeanShift's bias: <paramref name="sign"/> · 255 · <see cref="Div2kMean"/> per channel.</summary>
    /// <param name="sign">−1 for <c>sub_mean</c>, +1 for <c>add_mean</c>.</param>
    public static Tensor Bias(int sign) => tensor(Div2kMean.Select(m => sign * RgbRange * m).ToArray());
}
