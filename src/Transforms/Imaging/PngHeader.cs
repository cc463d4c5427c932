namespace MlNetSr.Imaging;

/// <summary>Reads the bit depth from a PNG's IHDR chunk: SkiaSharp decodes 16-bit PNGs to 8 bits without saying so.</summary>
internal static class PngHeader
{
    // 8-byte signature, 4-byte length, "IHDR", width (4), height (4), then the bit depth byte.
    private const int BitDepthOffset = 24;

    public static int BitDepth(ReadOnlySpan<byte> png) =>
        png.Length > BitDepthOffset && png[12] == (byte)'I' && png[13] == (byte)'H' && png[14] == (byte)'D' && png[15] == (byte)'R'
            ? png[BitDepthOffset]
            : 8;
}
