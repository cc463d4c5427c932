using MlNetSr.Imaging;

namespace MlNetSr.Metrics;

/// <summary>PSNR (dB) and SSIM of one image pair.</summary>
public readonly record struct QualityScore(double Psnr, double Ssim);

/// <summary>
/// Scores a super-resolved image against its ground truth under an <see cref="EvaluationProtocol"/>:
/// pick the compared planes (Y or RGB, gray policy), shave the border, then PSNR and SSIM.
/// Both images are 8-bit, so the output has already been rounded and clamped (SR_SPEC §4.3).
/// </summary>
public static class ImageQuality
{
    /// <summary>PSNR and SSIM of <paramref name="output"/> against <paramref name="groundTruth"/> at <paramref name="scale"/> under <paramref name="protocol"/> (default: the paper's); <paramref name="name"/> labels the score.</summary>
    public static QualityScore Measure(ByteImage groundTruth, ByteImage output, int scale, EvaluationProtocol? protocol = null, string? name = null)
    {
        protocol ??= EvaluationProtocol.Paper;
        if (groundTruth.Width != output.Width || groundTruth.Height != output.Height)
            throw new InvalidImageException(name,
                $"output is {output.Width}x{output.Height} but the ground truth is {groundTruth.Width}x{groundTruth.Height}");
        int shave = protocol.ShaveFor(scale);
        int width = groundTruth.Width - 2 * shave, height = groundTruth.Height - 2 * shave;
        if (width < Ssim.WindowSize || height < Ssim.WindowSize)
            throw new InvalidImageException(name,
                $"{groundTruth.Width}x{groundTruth.Height} is too small to score: after shaving {shave} pixels per side at least {Ssim.WindowSize}x{Ssim.WindowSize} must remain");

        var (reference, test) = ComparedPlanes(groundTruth, output, protocol);
        var croppedReference = reference.Select(p => Crop(p, groundTruth.Width, shave, width, height)).ToArray();
        var croppedTest = test.Select(p => Crop(p, groundTruth.Width, shave, width, height)).ToArray();
        double psnr = Psnr.Compute(croppedReference, croppedTest);
        double ssim = 0;
        for (int p = 0; p < croppedReference.Length; p++) ssim += Ssim.Compute(croppedReference[p], croppedTest[p], width, height);
        return new QualityScore(psnr, ssim / croppedReference.Length);
    }

    private static (double[][] Reference, double[][] Test) ComparedPlanes(ByteImage groundTruth, ByteImage output, EvaluationProtocol protocol)
    {
        if (groundTruth.IsGray && protocol.Grayscale == GrayscalePolicy.CompareGrayChannel)
            return ([ToDouble(groundTruth.Plane(0))], [ToDouble(output.Plane(0))]);
        var gt = groundTruth.ToRgb();
        var sr = output.ToRgb();
        if (protocol.Channel == EvaluationChannel.Y)
            return ([ColorConversion.RgbToY(gt, protocol.LumaRounding)], [ColorConversion.RgbToY(sr, protocol.LumaRounding)]);
        return (Enumerable.Range(0, 3).Select(c => ToDouble(gt.Plane(c))).ToArray(),
                Enumerable.Range(0, 3).Select(c => ToDouble(sr.Plane(c))).ToArray());
    }

    private static double[] ToDouble(ReadOnlySpan<byte> plane)
    {
        var values = new double[plane.Length];
        for (int i = 0; i < plane.Length; i++) values[i] = plane[i];
        return values;
    }

    private static double[] Crop(double[] plane, int stride, int shave, int width, int height)
    {
        var result = new double[width * height];
        for (int y = 0; y < height; y++)
            plane.AsSpan((y + shave) * stride + shave, width).CopyTo(result.AsSpan(y * width, width));
        return result;
    }
}
