namespace MlNetSr.Imaging;

/// <summary>What to do with an alpha channel that is not fully opaque.</summary>
public enum AlphaPolicy
{
    /// <summary>Refuse the image with an error naming the file (default: super-resolution models are RGB-only,
    /// and silently dropping transparency would change what the picture shows).</summary>
    Reject,
    /// <summary>Drop the alpha channel and keep the stored RGB values as they are.</summary>
    Discard,
}

/// <summary>What to do with more than 8 bits per channel (16-bit PNG).</summary>
public enum HighBitDepthPolicy
{
    /// <summary>Refuse the image with an error naming the file and its bit depth (default: the models and the
    /// paper's protocol are 8-bit, and quantising would lose information without telling anyone).</summary>
    Reject,
    /// <summary>Let the decoder reduce each channel to 8 bits (exact for values that are multiples of 257).</summary>
    RoundTo8Bit,
}

/// <summary>How <see cref="ImageFile.Read(string, ImageReadOptions?)"/> treats images that are not plain 8-bit RGB.
/// Grayscale images are always kept as one gray plane (see <see cref="ByteImage"/>); fully opaque alpha
/// channels are always dropped, since they carry nothing.</summary>
public sealed record ImageReadOptions
{
    /// <summary>Images with transparent pixels: refused (default) or their RGB values kept.</summary>
    public AlphaPolicy Alpha { get; init; } = AlphaPolicy.Reject;
    /// <summary>16-bit PNGs: refused (default) or reduced to 8 bits by the decoder.</summary>
    public HighBitDepthPolicy HighBitDepth { get; init; } = HighBitDepthPolicy.Reject;

    /// <summary>The default <see cref="MaxInputPixels"/>: 64 megapixels (8192x8192). A 12 MP photo passes; a
    /// decompression bomb (a small file whose header declares, say, 20000x20000) is refused.</summary>
    public const long DefaultMaxInputPixels = 8192L * 8192;

    /// <summary>
    /// The most pixels (width x height) an image's header may declare. Larger images are refused, with their size,
    /// after reading the header and before any pixel buffer is allocated (CLI: <c>--max-pixels</c>). Raise it for
    /// larger trusted images; the decoder's own ceiling is 2^31 bytes of RGBA (about 537 megapixels).
    /// </summary>
    public long MaxInputPixels
    {
        get => maxInputPixels;
        init => maxInputPixels = value > 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxInputPixels), value, "MaxInputPixels must be at least 1");
    }

    private readonly long maxInputPixels = DefaultMaxInputPixels;

    /// <summary>Both policies at their defaults (refuse) and the default pixel limit.</summary>
    public static ImageReadOptions Default { get; } = new();
}
