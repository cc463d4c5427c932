using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>The paper's LR generation (SR_SPEC §4.1-4.2): mod-crop the HR image, then MATLAB bicubic 1/s.</summary>
public static class Degradation
{
    /// <summary>The mod-cropped HR image and its bicubic 1/<paramref name="scale"/> LR image; <paramref name="source"/> names the image in errors.</summary>
    public static (ByteImage HighResolution, ByteImage LowResolution) MakePair(ByteImage highResolution, int scale, string? source = null)
    {
        var cropped = ModCrop.Apply(highResolution, scale, source);
        return (cropped, MatlabBicubic.Downscale(cropped, scale));
    }
}
