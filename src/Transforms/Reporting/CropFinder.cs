using MlNetSr.Imaging;
using MlNetSr.Metrics;

namespace MlNetSr.Reporting;

/// <summary>
/// Finds the window a comparison should show: the square where the methods' outputs differ most. The measure is the
/// per-pixel variance of the outputs' luma (BT.601, unrounded) across methods, summed over the window; with a single
/// method, the HR image joins the comparison so the window is where that method's error is largest. The border the
/// metrics shave is left out, and windows are tried on a grid of a quarter of their side.
/// </summary>
public static class CropFinder
{
    /// <summary>The <paramref name="size"/>-pixel square (clamped to the image) of largest spread among <paramref name="outputs"/>.</summary>
    public static CropWindow MostDifferent(ByteImage highResolution, IReadOnlyList<ByteImage> outputs, int size, int shave)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var compared = outputs.Count >= 2 ? outputs : [highResolution, .. outputs];
        int width = highResolution.Width, height = highResolution.Height;
        var lumas = compared.Select(Luma).ToList();
        // Integral image of the per-pixel variance across the compared images.
        var integral = new double[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++)
        {
            double rowSum = 0;
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                double mean = 0, square = 0;
                foreach (var luma in lumas) { mean += luma[i]; square += luma[i] * luma[i]; }
                mean /= lumas.Count;
                rowSum += square / lumas.Count - mean * mean;
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + rowSum;
            }
        }
        int side = Math.Min(size, Math.Min(width, height));
        int border = Math.Min(shave, Math.Min(width - side, height - side) / 2);
        int step = Math.Max(1, side / 4);
        var best = new CropWindow(border, border, side, side);
        double bestSpread = double.NegativeInfinity;
        for (int y = border; y + side <= height - border; y += step)
            for (int x = border; x + side <= width - border; x += step)
            {
                double spread = integral[(y + side) * (width + 1) + x + side] - integral[y * (width + 1) + x + side]
                    - integral[(y + side) * (width + 1) + x] + integral[y * (width + 1) + x];
                if (spread > bestSpread) (bestSpread, best) = (spread, new CropWindow(x, y, side, side));
            }
        return best;
    }

    private static double[] Luma(ByteImage image) =>
        image.IsGray ? image.Plane(0).ToArray().Select(v => (double)v).ToArray() : ColorConversion.RgbToY(image, LumaRounding.Unrounded);
}
