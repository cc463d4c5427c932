namespace MlNetSr.Metrics;

/// <summary>Peak signal-to-noise ratio, 10 log10(peak^2 / MSE) in float64 (SR_SPEC §4.6).</summary>
public static class Psnr
{
    /// <summary>PSNR over all given planes together (the MSE is pooled over every value, as for RGB in the papers).
    /// Identical inputs give +Infinity.</summary>
    public static double Compute(IReadOnlyList<double[]> reference, IReadOnlyList<double[]> test, double peak = 255)
    {
        if (reference.Count != test.Count || reference.Count == 0)
            throw new ArgumentException($"PSNR needs the same number of planes, got {reference.Count} and {test.Count}");
        double sum = 0;
        long count = 0;
        for (int p = 0; p < reference.Count; p++)
        {
            var a = reference[p]; var b = test[p];
            if (a.Length != b.Length) throw new ArgumentException($"plane {p} sizes differ: {a.Length} and {b.Length} values");
            for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; sum += d * d; }
            count += a.Length;
        }
        double mse = sum / count;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
    }
}
