namespace MlNetSr.Quantization;

/// <summary>The affine 8-bit encoding of one activation tensor: real = (q - ZeroPoint) * Scale, q in [0, 255].</summary>
/// <param name="Scale">step between codes</param>
/// <param name="ZeroPoint">the code of 0.0, in [0, 255] (uint8 activations)</param>
/// <param name="Min">smallest value seen in calibration</param>
/// <param name="Max">largest value seen in calibration</param>
public readonly record struct ActivationRange(float Scale, int ZeroPoint, float Min, float Max);

/// <summary>
/// A histogram of one tensor's calibration values and the clipping range that minimises the expected squared error
/// of uint8 quantization (clipping error outside the range plus rounding error, step²/12, inside). Plain min/max
/// wastes codes on rare outliers; on EDSR's residual stream that costs several tenths of a dB.
/// </summary>
internal sealed class ActivationHistogram(float min, float max)
{
    private const int Bins = 2048;
    private const int SearchStride = 4; // candidate clip points every 4 bins: 512 per side
    private readonly long[] counts = new long[Bins];
    private readonly float low = Math.Min(min, 0f), high = Math.Max(max, 0f);

    public void Add(ReadOnlySpan<float> values)
    {
        float width = high - low;
        if (width <= 0) return;
        float perBin = Bins / width;
        foreach (float v in values)
        {
            int bin = (int)((v - low) * perBin);
            counts[Math.Clamp(bin, 0, Bins - 1)]++;
        }
    }

    /// <summary>The MSE-optimal range that contains 0 (so 0 is exact: zero padding and ReLU stay exact).</summary>
    public ActivationRange Choose()
    {
        if (high - low <= 0) return new ActivationRange(1f, 0, min, max);
        double width = (double)high - low, binWidth = width / Bins;
        var (s0, s1, s2) = (new double[Bins + 1], new double[Bins + 1], new double[Bins + 1]);
        for (int b = 0; b < Bins; b++)
        {
            double centre = low + (b + 0.5) * binWidth;
            s0[b + 1] = s0[b] + counts[b];
            s1[b + 1] = s1[b] + counts[b] * centre;
            s2[b + 1] = s2[b] + counts[b] * centre * centre;
        }
        int zeroBin = (int)Math.Clamp(Math.Round(-low / binWidth), 0, Bins);
        double bestError = double.PositiveInfinity, bestLow = low, bestHigh = high;
        for (int i = zeroBin; i >= 0; i = i == 0 ? -1 : Math.Max(0, i - SearchStride))
        {
            double lo = low + i * binWidth;
            // values below lo are clipped to lo
            double below = s2[i] - 2 * lo * s1[i] + lo * lo * s0[i];
            for (int j = zeroBin; j <= Bins; j = j == Bins ? Bins + 1 : Math.Min(Bins, j + SearchStride))
            {
                double hi = low + j * binWidth;
                if (hi - lo <= 0) continue;
                double above = (s2[Bins] - s2[j]) - 2 * hi * (s1[Bins] - s1[j]) + hi * hi * (s0[Bins] - s0[j]);
                double step = (hi - lo) / 255;
                double error = below + above + (s0[j] - s0[i]) * step * step / 12;
                if (error < bestError)
                {
                    (bestError, bestLow, bestHigh) = (error, lo, hi);
                }
            }
        }
        float scale = (float)((bestHigh - bestLow) / 255);
        int zeroPoint = (int)Math.Clamp(Math.Round(-bestLow / scale), 0, 255);
        return new ActivationRange(scale, zeroPoint, min, max);
    }
}
