namespace MlNetSr.Imaging;

/// <summary>How the luma (Y) of an RGB image is computed for evaluation.</summary>
public enum LumaRounding
{
    /// <summary>MATLAB's <c>rgb2ycbcr</c> on uint8: Y is rounded to a whole number (what the paper's evaluation.m used).</summary>
    RoundedLikeMatlab,
    /// <summary>Y kept as a real number (EDSR-PyTorch's and BasicSR's calc_psnr).</summary>
    Unrounded,
}

/// <summary>RGB to Y with ITU-R BT.601 studio-range constants, exactly as MATLAB's rgb2ycbcr (SR_SPEC §4.4).</summary>
public static class ColorConversion
{
    // Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255 for R, G, B in [0, 255].
    /// <summary>BT.601 weights of R, G and B (per code value) and the offset of Y: Y = Offset + RedWeight R + GreenWeight G + BlueWeight B.</summary>
    public const double RedWeight = 65.481 / 255, GreenWeight = 128.553 / 255, BlueWeight = 24.966 / 255, Offset = 16;

    /// <summary>The Y plane of an RGB image, row-major. Rounded values are whole numbers stored as double.</summary>
    public static double[] RgbToY(ByteImage rgb, LumaRounding rounding = LumaRounding.RoundedLikeMatlab)
    {
        if (rgb.Channels != 3) throw new ArgumentException($"RGB to Y needs 3 channels, the image has {rgb.Channels}", nameof(rgb));
        int n = rgb.PlaneLength;
        var r = rgb.Plane(0); var g = rgb.Plane(1); var b = rgb.Plane(2);
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Same operation order as MATLAB's imlincomb: the weighted sum, then the offset, then uint8 rounding.
            double value = RedWeight * r[i] + GreenWeight * g[i] + BlueWeight * b[i] + Offset;
            y[i] = rounding == LumaRounding.RoundedLikeMatlab
                ? PixelQuantizer.RoundToUint8(value)
                : value;
        }
        return y;
    }
}
