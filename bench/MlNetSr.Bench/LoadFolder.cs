using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MlNetSr.Imaging;
using SkiaSharp;

namespace MlNetSr.Bench;

/// <summary>
/// The load benchmark's input folder (bench/reliability/load.sh): image i is fixed by i alone, so the first N files
/// of a 500-file folder are the N-file folder. Mostly small RGB PNGs and JPEGs of 1x1 to 300x300, every 25th
/// 1000-2000 px wide, three of 4000x3000 (12 MP: files 7, 207 and 407), gray and RGBA (opaque) ones, and bad ones:
/// transparent, truncated, empty, not an image, and a header declaring 30000x30000.
/// </summary>
public static class LoadFolder
{
    public static void Write(string dataFolder, string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(500);
        for (int i = 0; i < count; i++)
        {
            int side = random.Next(1, 301), other = random.Next(1, 301), medium = random.Next(1000, 2001);
            string stem = Path.Combine(folder, $"img{i:D4}");
            if (i % 200 == 7) Png(stem, BenchmarkFrames.Mirrored(dataFolder, 4000, 3000), alpha: null);
            else if (i == 77) Bomb(stem + ".png", dataFolder);
            else if (i % 50 == 13) { Png(stem, BenchmarkFrames.Mirrored(dataFolder, side, other), alpha: null); Truncate(stem + ".png"); }
            else if (i % 125 == 17) File.WriteAllBytes(stem + ".png", []);
            else if (i % 125 == 42) File.WriteAllBytes(stem + ".jpg", RandomBytes(random, 4096));
            else if (i % 97 == 5) Png(stem, BenchmarkFrames.Mirrored(dataFolder, side, other), alpha: 128);
            else if (i % 25 == 3) Jpeg(stem, BenchmarkFrames.Mirrored(dataFolder, medium, medium * 3 / 4));
            else if (i % 5 == 1) Png(stem, Gray(BenchmarkFrames.Mirrored(dataFolder, side, other)), alpha: null);
            else if (i % 11 == 2) Png(stem, BenchmarkFrames.Mirrored(dataFolder, side, other), alpha: 255);
            else if (i % 3 == 0) Jpeg(stem, BenchmarkFrames.Mirrored(dataFolder, side, other));
            else Png(stem, BenchmarkFrames.Mirrored(dataFolder, side, other), alpha: null);
        }
    }

    private static ByteImage Gray(ByteImage rgb)
    {
        int plane = rgb.Width * rgb.Height;
        var gray = new ByteImage(rgb.Width, rgb.Height, 1);
        for (int i = 0; i < plane; i++) gray.Data[i] = (byte)((rgb.Data[i] + rgb.Data[plane + i] + rgb.Data[2 * plane + i]) / 3);
        return gray;
    }

    private static void Png(string stem, ByteImage image, byte? alpha)
    {
        if (alpha is null)
        {
            ImageFile.WritePng(image, stem + ".png");
            return;
        }
        File.WriteAllBytes(stem + ".png", EncodeRgba(image, alpha.Value, SKEncodedImageFormat.Png));
    }

    private static void Jpeg(string stem, ByteImage image) => File.WriteAllBytes(stem + ".jpg", EncodeRgba(image, 255, SKEncodedImageFormat.Jpeg));

    private static byte[] EncodeRgba(ByteImage rgb, byte alpha, SKEncodedImageFormat format)
    {
        int plane = rgb.Width * rgb.Height;
        var pixels = new byte[4 * plane];
        for (int i = 0; i < plane; i++)
        {
            pixels[4 * i] = rgb.Data[i];
            pixels[4 * i + 1] = rgb.Data[plane + i];
            pixels[4 * i + 2] = rgb.Data[2 * plane + i];
            pixels[4 * i + 3] = alpha;
        }
        var info = new SKImageInfo(rgb.Width, rgb.Height, SKColorType.Rgba8888, alpha == 255 ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(format, 90) ?? throw new InvalidOperationException($"{format} encoding failed");
            return data.ToArray();
        }
        finally { handle.Free(); }
    }

    private static void Truncate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // A 40x40 PNG whose IHDR says 30000x30000 (CRC fixed): 3.6 GB of RGBA if it were decoded.
    private static void Bomb(string path, string dataFolder)
    {
        using var stream = new MemoryStream();
        ImageFile.EncodePng(BenchmarkFrames.Mirrored(dataFolder, 40, 40), stream);
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 30000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 30000);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(12, 17)));
        File.WriteAllBytes(path, bytes);
    }
}
