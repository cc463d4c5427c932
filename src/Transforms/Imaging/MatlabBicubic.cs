using MlNetSr.Concurrency;

namespace MlNetSr.Imaging;

/// <summary>
/// MATLAB-compatible <c>imresize(img, scale, 'bicubic')</c> (SR_SPEC §4.1): Keys cubic a = -0.5, antialiasing
/// when shrinking, MATLAB's output size and coordinate rules, symmetric boundary, the dimension with the smaller
/// factor first (rows first on a tie), and, for uint8 images, rounding and saturation to uint8 after each 1-D
/// pass. The paper's LR images and its bicubic baseline were made this way; other bicubics cost up to 9 dB.
/// </summary>
public static class MatlabBicubic
{
    /// <summary>imresize(image, 1/factor): the LR image of a mod-cropped HR image.</summary>
    public static ByteImage Downscale(ByteImage image, int factor) => Resize(image, ScaleFactor.Down(factor));

    /// <summary>imresize(image, factor).</summary>
    public static ByteImage Upscale(ByteImage image, int factor) => Resize(image, ScaleFactor.Up(factor));

    /// <summary>imresize(image, scale) for any positive scale, the same factor on both axes.</summary>
    public static ByteImage Resize(ByteImage image, ScaleFactor scale) => Resize(image, scale, scale);

    /// <summary>imresize(image, [rows cols]) with separate vertical and horizontal factors.</summary>
    public static ByteImage Resize(ByteImage image, ScaleFactor vertical, ScaleFactor horizontal)
    {
        int outHeight = vertical.OutputLength(image.Height), outWidth = horizontal.OutputLength(image.Width);
        if (outHeight <= 0 || outWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(vertical),
                $"resizing {image.Width}x{image.Height} by {horizontal.Value}x{vertical.Value} leaves no pixels");
        var rows = ResizeWeights.Compute(image.Height, outHeight, vertical);
        var columns = ResizeWeights.Compute(image.Width, outWidth, horizontal);
        bool rowsFirst = vertical.Value <= horizontal.Value;

        var result = new ByteImage(outWidth, outHeight, image.Channels);
        ParallelLoop.For(image.Channels, c =>
        {
            var plane = new double[image.PlaneLength];
            var source = image.Plane(c);
            for (int i = 0; i < plane.Length; i++) plane[i] = source[i];
            double[] resized = rowsFirst
                ? ResizeColumns(ResizeRows(plane, image.Width, rows, quantize: true), outHeight, columns, quantize: true)
                : ResizeRows(ResizeColumns(plane, image.Height, columns, quantize: true), outWidth, rows, quantize: true);
            var target = result.Plane(c);
            for (int i = 0; i < target.Length; i++) target[i] = (byte)resized[i];
        });
        return result;
    }

    /// <summary>
    /// Resizes one float plane (row-major, height x width) without any rounding between or after the passes,
    /// as imresize does for double input.
    /// </summary>
    public static double[] ResizePlane(double[] plane, int width, int height, ScaleFactor vertical, ScaleFactor horizontal)
    {
        if (plane.Length != width * height)
            throw new ArgumentException($"plane holds {plane.Length} values, {width}x{height} needs {width * height}", nameof(plane));
        var rows = ResizeWeights.Compute(height, vertical.OutputLength(height), vertical);
        var columns = ResizeWeights.Compute(width, horizontal.OutputLength(width), horizontal);
        return vertical.Value <= horizontal.Value
            ? ResizeColumns(ResizeRows(plane, width, rows, quantize: false), rows.OutputLength, columns, quantize: false)
            : ResizeRows(ResizeColumns(plane, height, columns, quantize: false), columns.OutputLength, rows, quantize: false);
    }

    // Changes the number of rows (filters along the vertical axis). Accumulating whole rows keeps memory access linear.
    private static double[] ResizeRows(double[] plane, int width, ResizeWeights weights, bool quantize)
    {
        var output = new double[weights.OutputLength * width];
        for (int o = 0; o < weights.OutputLength; o++)
        {
            var target = output.AsSpan(o * width, width);
            var taps = weights.RowWeights(o);
            var indices = weights.RowIndices(o);
            for (int t = 0; t < taps.Length; t++)
            {
                double w = taps[t];
                if (w == 0) continue;
                var source = plane.AsSpan(indices[t] * width, width);
                for (int x = 0; x < width; x++) target[x] += w * source[x];
            }
            if (quantize) QuantizeInPlace(target);
        }
        return output;
    }

    // Changes the number of columns (filters along the horizontal axis).
    private static double[] ResizeColumns(double[] plane, int height, ResizeWeights weights, bool quantize)
    {
        int inWidth = weights.InputLength, outWidth = weights.OutputLength, taps = weights.TapCount;
        var output = new double[height * outWidth];
        for (int y = 0; y < height; y++)
        {
            var source = plane.AsSpan(y * inWidth, inWidth);
            var target = output.AsSpan(y * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
            {
                double sum = 0;
                int row = o * taps;
                for (int t = 0; t < taps; t++) sum += weights.Weights[row + t] * source[weights.Indices[row + t]];
                target[o] = sum;
            }
            if (quantize) QuantizeInPlace(target);
        }
        return output;
    }

    // MATLAB's uint8 conversion: round half away from zero, saturate to [0, 255].
    private static void QuantizeInPlace(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = PixelQuantizer.RoundToUint8(values[i]);
    }
}
