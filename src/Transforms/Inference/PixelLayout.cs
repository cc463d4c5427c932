namespace MlNetSr.Inference;

/// <summary>
/// Where the R, G and B bytes (and optionally an alpha byte) of each pixel of an 8-bit image lie in one flat buffer.
/// The engine reads its input and writes its output through a layout, so a <see cref="Imaging.ByteImage"/> (planar)
/// and an ML.NET <c>MLImage</c> (interleaved RGBA/BGRA) are both used in place, without full-size float copies.
/// </summary>
/// <param name="Width">pixels per row</param>
/// <param name="Height">rows</param>
/// <param name="PixelStride">bytes from one pixel to the next in a row</param>
/// <param name="RowStride">bytes from one row to the next</param>
/// <param name="Red">offset of the red byte of pixel (0, 0)</param>
/// <param name="Green">offset of the green byte of pixel (0, 0)</param>
/// <param name="Blue">offset of the blue byte of pixel (0, 0)</param>
/// <param name="Alpha">offset of the alpha byte, or -1 when there is none; the engine writes 255 there</param>
public readonly record struct PixelLayout(int Width, int Height, int PixelStride, int RowStride, int Red, int Green, int Blue, int Alpha = -1)
{
    /// <summary>Planar RGB (CHW), the <see cref="Imaging.ByteImage"/> convention.</summary>
    public static PixelLayout PlanarRgb(int width, int height) => new(width, height, 1, width, 0, width * height, 2 * width * height);

    /// <summary>One gray plane read as R = G = B (how models see gray images).</summary>
    public static PixelLayout PlanarGray(int width, int height) => new(width, height, 1, width, 0, 0, 0);

    /// <summary>Interleaved 4 bytes per pixel, RGBA or BGRA order, alpha last (ML.NET's MLImage).</summary>
    public static PixelLayout Interleaved(int width, int height, bool bgra) =>
        new(width, height, 4, 4 * width, bgra ? 2 : 0, 1, bgra ? 0 : 2, 3);

    /// <summary>The bytes a buffer in this layout needs.</summary>
    public long RequiredLength
    {
        get
        {
            long last = Math.Max(Math.Max(Red, Green), Math.Max(Blue, Alpha));
            return last + (long)(Height - 1) * RowStride + (long)(Width - 1) * PixelStride + 1;
        }
    }

    internal int ChannelOffset(int channel) => channel switch { 0 => Red, 1 => Green, _ => Blue };
}
