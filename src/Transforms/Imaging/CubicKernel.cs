namespace MlNetSr.Imaging;

/// <summary>Keys' cubic convolution kernel with a = -0.5, as MATLAB's <c>imresize</c> 'bicubic' (support [-2, 2]).</summary>
public static class CubicKernel
{
    /// <summary>Width of the kernel's support, in input pixels, at scale 1.</summary>
    public const double Support = 4.0;

    /// <summary>The kernel's value at distance <paramref name="t"/>; zero outside [-2, 2].</summary>
    public static double Evaluate(double t)
    {
        double a = Math.Abs(t), a2 = a * a, a3 = a2 * a;
        if (a <= 1) return 1.5 * a3 - 2.5 * a2 + 1;
        if (a <= 2) return -0.5 * a3 + 2.5 * a2 - 4 * a + 2;
        return 0;
    }
}
