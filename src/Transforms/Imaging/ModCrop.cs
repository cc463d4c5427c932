namespace MlNetSr.Imaging;

/// <summary>
/// Top-left crop to a multiple of the scale (MATLAB <c>downsampling.m</c>, SR_SPEC §4.2):
/// the HR image becomes floor(H/s)*s x floor(W/s)*s, so that its LR image is exactly 1/s of it.
/// </summary>
public static class ModCrop
{
    /// <summary>The top-left floor(H/s)*s x floor(W/s)*s part of <paramref name="image"/>; <paramref name="source"/> names it in errors.</summary>
    public static ByteImage Apply(ByteImage image, int scale, string? source = null)
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"scale {scale} must be a positive whole number");
        int width = image.Width / scale * scale;
        int height = image.Height / scale * scale;
        if (width == 0 || height == 0)
            throw new InvalidImageException(source,
                $"image is {image.Width}x{image.Height}, smaller than the scale {scale}: nothing is left after mod-crop");
        return width == image.Width && height == image.Height ? image : image.Crop(0, 0, width, height);
    }
}
