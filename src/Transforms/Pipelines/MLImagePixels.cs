using Microsoft.ML.Data;
using MlNetSr.Imaging;

namespace MlNetSr.Pipelines;

/// <summary>
/// <see cref="MLImage"/> (4 bytes per pixel, BGRA or RGBA) to and from the project's conventions: planar RGB float in
/// <see cref="ByteImage"/> for metrics and the bicubic transforms. Transparency is refused rather than silently dropped.
/// </summary>
internal static class MLImagePixels
{
    /// <param name="image">the image</param>
    /// <param name="what">the operation, for error messages</param>
    /// <param name="collapseGray">an image whose three channels are equal becomes one gray plane, as image files
    /// with one channel are read (so metrics follow the same gray policy as the CLI)</param>
    public static ByteImage ToByteImage(MLImage image, string what, bool collapseGray)
    {
        var (red, blue) = ChannelOffsets(image);
        int n = image.Width * image.Height;
        var result = new ByteImage(image.Width, image.Height, 3);
        var pixels = image.Pixels;
        var data = result.Data;
        for (int i = 0; i < n; i++)
        {
            int p = 4 * i;
            if (pixels[p + 3] != 255) throw Transparent(image, what);
            data[i] = pixels[p + red];
            data[n + i] = pixels[p + 1];
            data[2 * n + i] = pixels[p + blue];
        }
        return collapseGray && IsGray(result) ? new ByteImage(result.Width, result.Height, 1, data[..n]) : result;
    }

    public static MLImage FromByteImage(ByteImage image)
    {
        var rgb = image.ToRgb();
        int n = rgb.PlaneLength;
        var rgba = new byte[4 * n];
        for (int i = 0; i < n; i++)
        {
            rgba[4 * i] = rgb.Data[i];
            rgba[4 * i + 1] = rgb.Data[n + i];
            rgba[4 * i + 2] = rgb.Data[2 * n + i];
            rgba[4 * i + 3] = 255;
        }
        return MLImage.CreateFromPixels(rgb.Width, rgb.Height, MLPixelFormat.Rgba32, rgba);
    }

    private static bool IsGray(ByteImage rgb)
    {
        var red = rgb.Plane(0);
        return red.SequenceEqual(rgb.Plane(1)) && red.SequenceEqual(rgb.Plane(2));
    }

    private static (int Red, int Blue) ChannelOffsets(MLImage image) => image.PixelFormat switch
    {
        MLPixelFormat.Bgra32 => (2, 0),
        MLPixelFormat.Rgba32 => (0, 2),
        var other => throw new InvalidDataException($"{image.Width}x{image.Height} image has pixel format {other}; BGRA32 or RGBA32 is needed"),
    };

    private static InvalidDataException Transparent(MLImage image, string what) =>
        new($"{what}: the {image.Width}x{image.Height} image has transparent pixels; super-resolution needs opaque RGB (flatten the alpha channel first)");
}
