using System.Runtime.InteropServices;
using MlNetSr.IO;
using SkiaSharp;

namespace MlNetSr.Imaging;

/// <summary>
/// Reads PNG, BMP and JPEG files into <see cref="ByteImage"/> and writes PNG, with SkiaSharp (the decoder ML.NET's
/// <c>MLImage</c> uses, so files and pipelines see the same pixels). Files the decoder reports as gray (gray PNG,
/// gray JPEG) become one gray plane; everything else becomes R, G, B planes. Alpha and 16-bit depth follow
/// <see cref="ImageReadOptions"/>. Every failure is an <see cref="InvalidImageException"/> that names the file.
/// </summary>
public static class ImageFile
{
    /// <summary>File extensions that are read as images (case-insensitive).</summary>
    public static IReadOnlySet<string> SupportedExtensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".bmp", ".jpg", ".jpeg" };

    /// <summary>True when <paramref name="path"/> ends in one of <see cref="SupportedExtensions"/>.</summary>
    public static bool HasImageExtension(string path) => SupportedExtensions.Contains(Path.GetExtension(path));

    /// <summary>Reads a PNG, BMP or JPEG file into the project's pixel convention; <see cref="InvalidImageException"/> names the file when it cannot be used.</summary>
    public static ByteImage Read(string path, ImageReadOptions? options = null)
    {
        if (Directory.Exists(path)) throw new InvalidImageException(path, "is a folder, an image file was expected");
        if (!File.Exists(path)) throw new InvalidImageException(path, "file not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InvalidImageException(path, $"cannot be read ({e.Message})", e); }
        return Decode(bytes, path, options);
    }

    /// <summary>
    /// The size an image file declares, from its header alone (no pixels are decoded), with the checks of
    /// <see cref="Read(string, ImageReadOptions?)"/> that need no pixels: a PNG, BMP or JPEG, not empty, within
    /// <see cref="ImageReadOptions.MaxInputPixels"/>. For screening files before ML.NET's <c>LoadImages</c>, which
    /// decodes whatever it is given.
    /// </summary>
    public static (int Width, int Height) ReadSize(string path, ImageReadOptions? options = null)
    {
        if (Directory.Exists(path)) throw new InvalidImageException(path, "is a folder, an image file was expected");
        if (!File.Exists(path)) throw new InvalidImageException(path, "file not found");
        using var stream = new SKFileStream(path);
        if (!stream.IsValid) throw new InvalidImageException(path, "cannot be read");
        using var codec = Open(stream, new FileInfo(path).Length, path, options ?? ImageReadOptions.Default);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes an encoded PNG, BMP or JPEG; <paramref name="name"/> is used in error messages.</summary>
    public static ByteImage Decode(byte[] encoded, string? name, ImageReadOptions? options = null)
    {
        options ??= ImageReadOptions.Default;
        using var stream = new SKMemoryStream(encoded);
        using var codec = Open(stream, encoded.Length, name, options);
        var info = codec.Info;
        int bits = codec.EncodedFormat == SKEncodedImageFormat.Png ? PngHeader.BitDepth(encoded) : 8;
        if (bits > 8 && options.HighBitDepth == HighBitDepthPolicy.Reject)
            throw new InvalidImageException(name,
                $"has {bits}-bit channels; only 8-bit images are used. Convert it to 8 bits or allow rounding (HighBitDepthPolicy.RoundTo8Bit, --high-bit-depth round)");

        bool gray = info.ColorType == SKColorType.Gray8;
        var decodeInfo = new SKImageInfo(info.Width, info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888,
            gray || info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var pixels = new byte[decodeInfo.BytesSize64];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        SKCodecResult result;
        try { result = codec.GetPixels(decodeInfo, handle.AddrOfPinnedObject()); }
        finally { handle.Free(); }
        if (result != SKCodecResult.Success)
            throw new InvalidImageException(name, result == SKCodecResult.IncompleteInput
                ? "is truncated or corrupt (image data ends early)" : $"is corrupt ({result})");

        return gray ? new ByteImage(info.Width, info.Height, 1, pixels) : FromRgba(pixels, info.Width, info.Height, name, options);
    }

    // The header's checks: a PNG, BMP or JPEG with pixels, not over the size limit.
    private static SKCodec Open(SKStream stream, long length, string? name, ImageReadOptions options)
    {
        if (length == 0) throw new InvalidImageException(name, "file is empty (0 bytes)");
        var codec = SKCodec.Create(stream, out var status);
        if (codec is null)
            throw new InvalidImageException(name, status == SKCodecResult.Unimplemented || status == SKCodecResult.InvalidInput
                ? "not a PNG, BMP or JPEG image" : $"cannot be decoded ({status})");
        try
        {
            if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Bmp or SKEncodedImageFormat.Jpeg))
                throw new InvalidImageException(name, $"is a {codec.EncodedFormat} image; only PNG, BMP and JPEG are read");
            var info = codec.Info;
            if (info.Width <= 0 || info.Height <= 0) throw new InvalidImageException(name, $"has no pixels ({info.Width}x{info.Height})");
            RefuseOversized(info.Width, info.Height, name, options);
            return codec;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    // Runs on the header's size alone, so a small file declaring a huge image (a decompression bomb) costs nothing.
    private static void RefuseOversized(int width, int height, string? name, ImageReadOptions options)
    {
        long pixels = (long)width * height;
        if (pixels > options.MaxInputPixels)
            throw new InvalidImageException(name,
                $"declares {width}x{height} pixels ({pixels / 1e6:0.#} megapixels), over the limit of {options.MaxInputPixels:N0} pixels; raise it for trusted images (ImageReadOptions.MaxInputPixels, --max-pixels)");
        if (pixels * 4 > Array.MaxLength)
            throw new InvalidImageException(name,
                $"declares {width}x{height} pixels ({pixels / 1e6:0.#} megapixels), over the {Array.MaxLength / 4 / 1e6:0} megapixels one decode buffer can hold");
    }

    private static ByteImage FromRgba(byte[] rgba, int width, int height, string? name, ImageReadOptions options)
    {
        int plane = width * height;
        var image = new ByteImage(width, height, 3);
        bool transparent = false;
        for (int i = 0; i < plane; i++)
        {
            image.Data[i] = rgba[4 * i];
            image.Data[plane + i] = rgba[4 * i + 1];
            image.Data[2 * plane + i] = rgba[4 * i + 2];
            transparent |= rgba[4 * i + 3] != 255;
        }
        if (transparent && options.Alpha == AlphaPolicy.Reject)
            throw new InvalidImageException(name,
                "has transparent pixels; super-resolution works on RGB only. Flatten it first or drop the alpha channel (AlphaPolicy.Discard, --alpha discard)");
        return image;
    }

    /// <summary>
    /// Writes an 8-bit PNG (gray or RGB, as the image is). The file appears complete or not at all:
    /// it is written to a temporary file beside the target and renamed.
    /// </summary>
    public static void WritePng(ByteImage image, string path) => AtomicFile.Write(path, stream => EncodePng(image, stream));

    /// <summary>Encodes <paramref name="image"/> as an 8-bit PNG (gray or RGB) into <paramref name="stream"/>.</summary>
    public static void EncodePng(ByteImage image, Stream stream)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        byte[] pixels;
        SKImageInfo info;
        if (image.IsGray)
        {
            pixels = image.Data;
            info = new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque);
        }
        else
        {
            pixels = new byte[4 * plane];
            for (int i = 0; i < plane; i++)
            {
                pixels[4 * i] = image.Data[i];
                pixels[4 * i + 1] = image.Data[plane + i];
                pixels[4 * i + 2] = image.Data[2 * plane + i];
                pixels[4 * i + 3] = 255;
            }
            info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        }
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(SKEncodedImageFormat.Png, 100)
                ?? throw new InvalidOperationException($"PNG encoding of a {image} image failed");
            data.SaveTo(stream);
        }
        finally { handle.Free(); }
    }
}
