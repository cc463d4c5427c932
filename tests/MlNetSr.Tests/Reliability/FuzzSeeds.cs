using System.Buffers.Binary;
using MlNetSr.Imaging;
using SkiaSharp;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// The valid files the fuzzer mutates: the image fixtures (RGB, gray, alpha, 16-bit; PNG, JPEG, BMP) and, where the
/// shared data is present, 24x24 crops of Set5 encoded as PNG, JPEG (SkiaSharp) and 24-bit BMP (written here).
/// Small on purpose: decoding is what is fuzzed, and small files keep 2,000 cases within seconds.
/// </summary>
public static class FuzzSeeds
{
    public static IReadOnlyList<(string Name, string Extension, byte[] Bytes)> All { get; } = Load();

    private static List<(string, string, byte[])> Load()
    {
        var seeds = new List<(string, string, byte[])>();
        foreach (var name in new[] { "rgb.png", "rgb.bmp", "rgb.jpg", "gray.png", "gray.jpg", "gray16.png", "rgba_opaque.png", "rgba_transparent.png" })
        {
            string extension = Path.GetExtension(name);
            seeds.Add((name, extension, File.ReadAllBytes(TestData.Fixture("images/" + name))));
        }
        if (!TestData.Available) return seeds;
        foreach (var file in new[] { "baby.png", "butterfly.png" })
        {
            var image = ImageFile.Read(Path.Combine(TestData.Benchmark("Set5"), file));
            var crop = Crop(image, 100, 100, 24, 24);
            string stem = Path.GetFileNameWithoutExtension(file);
            using var png = new MemoryStream();
            ImageFile.EncodePng(crop, png);
            seeds.Add(($"{stem}_24.png", ".png", png.ToArray()));
            seeds.Add(($"{stem}_24.jpg", ".jpg", EncodeJpeg(crop)));
            seeds.Add(($"{stem}_24.bmp", ".bmp", EncodeBmp(crop)));
        }
        return seeds;
    }

    public static ByteImage Crop(ByteImage image, int x0, int y0, int width, int height)
    {
        width = Math.Min(width, image.Width - x0);
        height = Math.Min(height, image.Height - y0);
        var crop = new ByteImage(width, height, image.Channels);
        for (int c = 0; c < image.Channels; c++)
            for (int y = 0; y < height; y++)
                Array.Copy(image.Data, c * image.Width * image.Height + (y0 + y) * image.Width + x0,
                    crop.Data, c * width * height + y * width, width);
        return crop;
    }

    private static byte[] EncodeJpeg(ByteImage rgb)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(rgb.Width, rgb.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        int plane = rgb.Width * rgb.Height;
        for (int i = 0; i < plane; i++)
            bitmap.SetPixel(i % rgb.Width, i / rgb.Width, new SKColor(rgb.Data[i], rgb.Data[plane + i], rgb.Data[2 * plane + i]));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>An uncompressed 24-bit BMP, bottom-up rows padded to 4 bytes (SkiaSharp 2.88 encodes no BMP).</summary>
    public static byte[] EncodeBmp(ByteImage rgb)
    {
        int rowBytes = (3 * rgb.Width + 3) & ~3, plane = rgb.Width * rgb.Height, offset = 14 + 40;
        var bytes = new byte[offset + rowBytes * rgb.Height];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), rgb.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), rgb.Height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), rowBytes * rgb.Height);
        for (int y = 0; y < rgb.Height; y++)
            for (int x = 0; x < rgb.Width; x++)
            {
                int at = offset + (rgb.Height - 1 - y) * rowBytes + 3 * x, i = y * rgb.Width + x;
                bytes[at] = rgb.Data[2 * plane + i];
                bytes[at + 1] = rgb.Data[plane + i];
                bytes[at + 2] = rgb.Data[i];
            }
        return bytes;
    }
}
