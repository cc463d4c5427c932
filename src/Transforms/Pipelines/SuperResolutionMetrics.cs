using MlNetSr.Metrics;

namespace MlNetSr.Pipelines;

/// <summary>Scores of one image (row) of an evaluated data view.</summary>
/// <param name="Row">0-based row index</param>
/// <param name="Name">value of the name column (e.g. the file path) when one was given</param>
/// <param name="Width">width of the compared (mod-cropped ground truth) image</param>
/// <param name="Height">its height</param>
/// <param name="PeakSignalToNoiseRatio">PSNR in dB</param>
/// <param name="StructuralSimilarity">SSIM</param>
public sealed record SuperResolutionImageMetrics(long Row, string? Name, int Width, int Height, double PeakSignalToNoiseRatio, double StructuralSimilarity);

/// <summary>
/// Result of <c>mlContext.SuperResolution().Evaluate</c>, shaped like ML.NET's own metrics classes: means over the
/// images (as the papers report: the mean of per-image PSNR), the per-image rows, and the protocol used.
/// </summary>
public sealed class SuperResolutionMetrics
{
    /// <summary>Mean PSNR over the images, in dB.</summary>
    public double PeakSignalToNoiseRatio { get; }

    /// <summary>Mean SSIM over the images.</summary>
    public double StructuralSimilarity { get; }

    /// <summary>Upscaling factor (sets the shaved border).</summary>
    public int Scale { get; }

    /// <summary>What was compared: channel (Y or RGB), luma rounding, shave.</summary>
    public EvaluationProtocol Protocol { get; }

    /// <summary>One line naming every choice (channel, rounding, shave, gray policy, SSIM window).</summary>
    public string ProtocolDescription { get; }

    /// <summary>Each image's scores, in row order.</summary>
    public IReadOnlyList<SuperResolutionImageMetrics> PerImage { get; }

    internal SuperResolutionMetrics(int scale, EvaluationProtocol protocol, IReadOnlyList<SuperResolutionImageMetrics> perImage)
    {
        Scale = scale;
        Protocol = protocol;
        ProtocolDescription = protocol.Describe() + $" (shave {protocol.ShaveFor(scale)} at x{scale})";
        PerImage = perImage;
        PeakSignalToNoiseRatio = perImage.Average(r => r.PeakSignalToNoiseRatio);
        StructuralSimilarity = perImage.Average(r => r.StructuralSimilarity);
    }

    /// <summary>The set means and the protocol on one line.</summary>
    public override string ToString() => $"PSNR {PeakSignalToNoiseRatio:F4} dB, SSIM {StructuralSimilarity:F4} over {PerImage.Count} images (x{Scale}, {ProtocolDescription})";
}
