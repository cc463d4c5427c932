using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>The paper's "Bicubic" column: MATLAB imresize(LR, s, 'bicubic').</summary>
public sealed class BicubicUpscaler : IUpscaler
{
    public string Name => "bicubic";

    public bool Supports(int scale) => scale >= 2;

    public ByteImage Upscale(ByteImage lowResolution, int scale) => MatlabBicubic.Upscale(lowResolution, scale);
}
