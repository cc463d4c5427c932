using MlNetSr.Imaging;

namespace MlNetSr.Metrics;

/// <summary>Which values PSNR and SSIM compare.</summary>
public enum EvaluationChannel
{
    /// <summary>BT.601 luma only (paper Table 3 for Set5, Set14, B100, Urban100).</summary>
    Y,
    /// <summary>All three RGB channels (paper's DIV2K validation; BasicSR's default).</summary>
    Rgb,
}

/// <summary>How a single-channel (gray) ground truth such as Set14's bridge is compared (SR_SPEC §4.8).</summary>
public enum GrayscalePolicy
{
    /// <summary>The paper's evaluation.m: the gray target is compared with the output's first channel, no YCbCr.</summary>
    CompareGrayChannel,
    /// <summary>EDSR-PyTorch / BasicSR: gray is replicated to RGB and then treated like any RGB image
    /// (about 1.32 dB apart from the paper's figure for that image, from the 219/255 luma range).</summary>
    ReplicateToRgb,
}

/// <summary>
/// Every choice the papers' evaluations differ on, with the paper's Table 3 protocol as the default:
/// Y channel rounded like MATLAB, <c>scale</c> pixels shaved on every side, gray images compared on their own
/// channel. <see cref="Div2kValidation"/> gives the paper's DIV2K setting (RGB, scale + 6).
/// </summary>
public sealed record EvaluationProtocol
{
    /// <summary>Y (paper benchmarks, the default) or RGB.</summary>
    public EvaluationChannel Channel { get; init; } = EvaluationChannel.Y;
    /// <summary>How Y is rounded: like MATLAB's uint8 rgb2ycbcr (default) or kept real.</summary>
    public LumaRounding LumaRounding { get; init; } = LumaRounding.RoundedLikeMatlab;

    /// <summary>Pixels ignored on each side; null means "the scale" (paper benchmarks).</summary>
    public int? Shave { get; init; }

    /// <summary>Added to the shave (6 for the paper's DIV2K validation).</summary>
    public int ExtraShave { get; init; }

    /// <summary>How a gray ground truth is compared (default: with the output's first channel, as evaluation.m).</summary>
    public GrayscalePolicy Grayscale { get; init; } = GrayscalePolicy.CompareGrayChannel;

    /// <summary>The paper's Table 3 protocol for Set5, Set14, B100 and Urban100.</summary>
    public static EvaluationProtocol Paper { get; } = new();

    /// <summary>The paper's DIV2K validation protocol: RGB, scale + 6 pixels shaved.</summary>
    public static EvaluationProtocol Div2kValidation { get; } = new() { Channel = EvaluationChannel.Rgb, ExtraShave = 6 };

    /// <summary>Pixels shaved per side at <paramref name="scale"/>: Shave (or the scale) plus ExtraShave.</summary>
    public int ShaveFor(int scale) => (Shave ?? scale) + ExtraShave;

    /// <summary>One line naming every choice, for reports ("Y (rounded like MATLAB), shave scale, ...").</summary>
    public string Describe()
    {
        string channel = Channel == EvaluationChannel.Rgb ? "RGB"
            : LumaRounding == LumaRounding.RoundedLikeMatlab ? "Y (rounded like MATLAB)" : "Y (unrounded)";
        string shave = (Shave is null ? "scale" : Shave.Value.ToString()) + (ExtraShave > 0 ? $"+{ExtraShave}" : "");
        string gray = Grayscale == GrayscalePolicy.CompareGrayChannel ? "own channel" : "replicated to RGB";
        return $"{channel}, shave {shave}, gray images: {gray}, SSIM Gaussian 11x11 sigma 1.5 valid window";
    }
}
