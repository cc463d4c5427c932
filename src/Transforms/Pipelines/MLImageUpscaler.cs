using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using MlNetSr.Inference;

namespace MlNetSr.Pipelines;

/// <summary>
/// Runs the tiled engine on an <see cref="MLImage"/>: it reads the input's pixels in place and writes straight into the
/// result image's own pixel memory, so the upscaled image exists once (4 bytes per output pixel) and no full-size
/// float or byte copy of either image is made.
/// </summary>
internal static class MLImageUpscaler
{
    public static MLImage Upscale(SuperResolver engine, MLImage image, string operation)
    {
        bool bgra = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => true,
            MLPixelFormat.Rgba32 => false,
            var other => throw new InvalidDataException($"{operation}: the {image.Width}x{image.Height} image has pixel format {other}; BGRA32 or RGBA32 is needed"),
        };
        var pixels = image.Pixels;
        for (int i = 3; i < pixels.Length; i += 4)
            if (pixels[i] != 255)
                throw new InvalidDataException($"{operation}: the {image.Width}x{image.Height} image has transparent pixels (a truncated file decodes with its missing rows transparent); super-resolution needs opaque RGB (flatten the alpha channel first)");
        int s = engine.Scale;
        long width = (long)image.Width * s, height = (long)image.Height * s;
        if (width * height * 4 > int.MaxValue)
            throw new ArgumentException($"{operation}: a {image.Width}x{image.Height} image at x{s} gives {width}x{height}, over 2^31 output bytes; split it first");
        var result = Blank((int)width, (int)height);
        try
        {
            var target = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(result.Pixels), result.Pixels.Length);
            engine.Upscale(pixels, PixelLayout.Interleaved(image.Width, image.Height, bgra), target, PixelLayout.Interleaved((int)width, (int)height, bgra: false));
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // MLImage can only be made by copying pixels in. The source here is calloc'd memory: the OS hands out untouched
    // zero pages lazily, so only the image's own buffer becomes resident, not a second full-size copy.
    private static unsafe MLImage Blank(int width, int height)
    {
        nuint length = (nuint)width * (nuint)height * 4;
        void* zeros = NativeMemory.AllocZeroed(length);
        try { return MLImage.CreateFromPixels(width, height, MLPixelFormat.Rgba32, new ReadOnlySpan<byte>(zeros, (int)length)); }
        finally { NativeMemory.Free(zeros); }
    }
}
