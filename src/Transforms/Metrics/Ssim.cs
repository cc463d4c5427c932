namespace MlNetSr.Metrics;

/// <summary>
/// Structural similarity as Wang et al. and BasicSR compute it (SR_SPEC §4.7): 11x11 Gaussian window with
/// sigma 1.5, K1 = 0.01, K2 = 0.03, dynamic range L = 255, statistics over the "valid" region only (windows
/// wholly inside the image), the mean of the SSIM map in float64.
/// </summary>
public static class Ssim
{
    /// <summary>Side of the Gaussian window, in pixels.</summary>
    public const int WindowSize = 11;
    /// <summary>The window's sigma and the stabilising constants K1, K2 (with L = 255).</summary>
    public const double Sigma = 1.5, K1 = 0.01, K2 = 0.03;

    private static readonly double[] Window = GaussianWindow();

    /// <summary>SSIM of one plane pair (row-major, height x width); both sides must be at least 11 pixels.</summary>
    public static double Compute(double[] reference, double[] test, int width, int height, double dynamicRange = 255)
    {
        if (reference.Length != width * height || test.Length != width * height)
            throw new ArgumentException($"SSIM planes must both hold {width}x{height} values");
        if (width < WindowSize || height < WindowSize)
            throw new ArgumentException($"SSIM needs at least {WindowSize}x{WindowSize} pixels after the border shave, got {width}x{height}");
        double c1 = Math.Pow(K1 * dynamicRange, 2), c2 = Math.Pow(K2 * dynamicRange, 2);
        int n = width * height;
        var xx = new double[n]; var yy = new double[n]; var xy = new double[n];
        for (int i = 0; i < n; i++)
        {
            xx[i] = reference[i] * reference[i];
            yy[i] = test[i] * test[i];
            xy[i] = reference[i] * test[i];
        }
        int vw = width - WindowSize + 1, vh = height - WindowSize + 1;
        var muX = FilterValid(reference, width, height); var muY = FilterValid(test, width, height);
        var sXX = FilterValid(xx, width, height); var sYY = FilterValid(yy, width, height); var sXY = FilterValid(xy, width, height);
        double total = 0;
        for (int i = 0; i < vw * vh; i++)
        {
            double mx = muX[i], my = muY[i];
            double varX = sXX[i] - mx * mx, varY = sYY[i] - my * my, cov = sXY[i] - mx * my;
            total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (varX + varY + c2));
        }
        return total / (vw * vh);
    }

    // The 2-D window is the outer product of the normalised 1-D Gaussian, so filtering is separable.
    private static double[] FilterValid(double[] plane, int width, int height)
    {
        int vw = width - WindowSize + 1, vh = height - WindowSize + 1;
        var horizontal = new double[height * vw];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < vw; x++)
            {
                double s = 0;
                int start = y * width + x;
                for (int k = 0; k < WindowSize; k++) s += Window[k] * plane[start + k];
                horizontal[y * vw + x] = s;
            }
        var result = new double[vh * vw];
        for (int y = 0; y < vh; y++)
            for (int k = 0; k < WindowSize; k++)
            {
                double w = Window[k];
                var source = horizontal.AsSpan((y + k) * vw, vw);
                var target = result.AsSpan(y * vw, vw);
                for (int x = 0; x < vw; x++) target[x] += w * source[x];
            }
        return result;
    }

    private static double[] GaussianWindow()
    {
        var w = new double[WindowSize];
        int half = WindowSize / 2;
        double sum = 0;
        for (int i = 0; i < WindowSize; i++) { w[i] = Math.Exp(-((i - half) * (i - half)) / (2 * Sigma * Sigma)); sum += w[i]; }
        for (int i = 0; i < WindowSize; i++) w[i] /= sum;
        return w;
    }
}
