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

    /// <summary>Both policies at their defaults (refuse).</summary>
    public static ImageReadOptions Default { get; } = new();
}
