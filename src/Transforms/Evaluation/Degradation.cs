using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>The paper's LR generation (SR_SPEC §4.1-4.2): mod-crop the HR image, then MATLAB bicubic 1/s.</summary>
public static class Degradation
{
    public static (ByteImage HighResolution, ByteImage LowResolution) MakePair(ByteImage highResolution, int scale, string? source = null)
    {
        var cropped = ModCrop.Apply(highResolution, scale, source);
        return (cropped, MatlabBicubic.Downscale(cropped, scale));
    }
}
