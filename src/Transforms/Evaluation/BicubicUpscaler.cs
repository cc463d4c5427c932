using MlNetSr.Imaging;

namespace MlNetSr.Evaluation;

/// <summary>The paper's "Bicubic" column: MATLAB imresize(LR, s, 'bicubic').</summary>
public sealed class BicubicUpscaler : IUpscaler
{
    /// <summary>"bicubic", the name shown in result tables.</summary>
    public string Name => "bicubic";

    /// <summary>Any integer scale of 2 or more.</summary>
    public bool Supports(int scale) => scale >= 2;

    /// <summary>MATLAB bicubic upscaling of <paramref name="lowResolution"/> by <paramref name="scale"/>.</summary>
    public ByteImage Upscale(ByteImage lowResolution, int scale) => MatlabBicubic.Upscale(lowResolution, scale);
}
