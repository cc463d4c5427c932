namespace MlNetSr.Imaging;

/// <summary>
/// An 8-bit image in the project's single pixel convention: planar (CHW), channels in R, G, B order
/// (or one gray channel), each plane <see cref="Height"/> rows of <see cref="Width"/> bytes, row-major.
/// Plane <c>c</c> starts at <c>c * Width * Height</c> in <see cref="Data"/>. Values are the file's 8-bit
/// code values (no gamma or colour-space handling), exactly what MATLAB's <c>imread</c> returns as uint8.
/// </summary>
public sealed class ByteImage
{
    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 for a grayscale image, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>The planes, CHW, length Channels * Height * Width.</summary>
    public byte[] Data { get; }

    /// <summary>A black image of the given size and channel count (1 or 3).</summary>
    public ByteImage(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(channels * width * height)]) { }

    /// <summary>An image over <paramref name="data"/> (planar CHW, not copied); its length must be channels * height * width.</summary>
    public ByteImage(int width, int height, int channels, byte[] data)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is empty");
        if (channels != 1 && channels != 3)
            throw new ArgumentOutOfRangeException(nameof(channels), $"{channels} channels: only 1 (gray) or 3 (RGB) are supported");
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)channels * width * height)
            throw new ArgumentException($"pixel buffer holds {data.Length} bytes, a {width}x{height}x{channels} image needs {channels * width * height}", nameof(data));
        Width = width;
        Height = height;
        Channels = channels;
        Data = data;
    }

    /// <summary>True for a one-plane grayscale image.</summary>
    public bool IsGray => Channels == 1;

    /// <summary>Bytes per plane: Width * Height.</summary>
    public int PlaneLength => Width * Height;

    /// <summary>The bytes of one channel's plane, row-major.</summary>
    public Span<byte> Plane(int channel) => Data.AsSpan(channel * PlaneLength, PlaneLength);

    /// <summary>The code value of channel <paramref name="channel"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public byte this[int channel, int y, int x]
    {
        get => Data[channel * PlaneLength + y * Width + x];
        set => Data[channel * PlaneLength + y * Width + x] = value;
    }

    /// <summary>A copy of the rectangle [x, x+width) x [y, y+height).</summary>
    public ByteImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x),
                $"crop {width}x{height} at ({x},{y}) does not fit in a {Width}x{Height} image");
        var result = new ByteImage(width, height, Channels);
        for (int c = 0; c < Channels; c++)
            for (int row = 0; row < height; row++)
                Data.AsSpan(c * PlaneLength + (y + row) * Width + x, width)
                    .CopyTo(result.Data.AsSpan(c * result.PlaneLength + row * width, width));
        return result;
    }

    /// <summary>The same image with three channels; a gray plane is copied into R, G and B.</summary>
    public ByteImage ToRgb()
    {
        if (Channels == 3) return this;
        var rgb = new ByteImage(Width, Height, 3);
        for (int c = 0; c < 3; c++) Data.CopyTo(rgb.Data, c * PlaneLength);
        return rgb;
    }

    /// <summary>"WxHxC", e.g. 256x256x3.</summary>
    public override string ToString() => $"{Width}x{Height}x{Channels}";
}
