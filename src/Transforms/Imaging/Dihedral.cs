namespace MlNetSr.Imaging;

/// <summary>
/// One of the 8 flips/rotations of a rectangle, applied in EDSR's order: flip along W (columns reversed), then flip
/// along H (rows reversed), then transpose. Used by training augmentation and by the x8 self-ensemble
/// (SR_SPEC §3.1, §5.1). Index k = bit0 W-flip + bit1 H-flip + bit2 transpose.
/// </summary>
public readonly record struct Dihedral(bool FlipHorizontal, bool FlipVertical, bool Transpose)
{
    /// <summary>The transform with index <paramref name="k"/> (0..7, bits as above).</summary>
    public static Dihedral FromIndex(int k) => k is >= 0 and < 8
        ? new((k & 1) != 0, (k & 2) != 0, (k & 4) != 0)
        : throw new ArgumentOutOfRangeException(nameof(k), $"dihedral index {k} must be 0..7");

    /// <summary>All eight transforms, in index order (0 is the identity).</summary>
    public static IReadOnlyList<Dihedral> All { get; } = Enumerable.Range(0, 8).Select(FromIndex).ToArray();

    /// <summary>The transformed size of a height x width rectangle.</summary>
    public (int Height, int Width) OutputSize(int height, int width) => Transpose ? (width, height) : (height, width);

    /// <summary>The source pixel (of a height x width image) that lands on (row, column) of the transformed image.</summary>
    public (int Row, int Column) Source(int row, int column, int height, int width)
    {
        int r = Transpose ? column : row, c = Transpose ? row : column;
        if (FlipVertical) r = height - 1 - r;
        if (FlipHorizontal) c = width - 1 - c;
        return (r, c);
    }

    /// <summary>Transforms planar float data (channels x height x width) into <paramref name="target"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, int channels, int height, int width, Span<float> target)
    {
        var (outHeight, outWidth) = OutputSize(height, width);
        for (int ch = 0; ch < channels; ch++)
            for (int r = 0; r < outHeight; r++)
                for (int c = 0; c < outWidth; c++)
                {
                    var (sr, sc) = Source(r, c, height, width);
                    target[(ch * outHeight + r) * outWidth + c] = source[(ch * height + sr) * width + sc];
                }
    }

    /// <summary>
    /// Undoes the transform: <paramref name="transformed"/> is the transform of a height x width image (so its own size is
    /// <see cref="OutputSize"/>); the original layout is accumulated (+=) into <paramref name="target"/>.
    /// </summary>
    public void AddInverse(ReadOnlySpan<float> transformed, int channels, int height, int width, Span<float> target)
    {
        var (outHeight, outWidth) = OutputSize(height, width);
        for (int ch = 0; ch < channels; ch++)
            for (int r = 0; r < outHeight; r++)
                for (int c = 0; c < outWidth; c++)
                {
                    var (sr, sc) = Source(r, c, height, width);
                    target[(ch * height + sr) * width + sc] += transformed[(ch * outHeight + r) * outWidth + c];
                }
    }
}
