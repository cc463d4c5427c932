namespace MlNetSr.Imaging;

/// <summary>
/// Network output to 8 bits as every SR evaluation does before measuring or saving (SR_SPEC §4.3): round half away
/// from zero (Torch's floor(x + 0.5) for the non-negative values that matter), then clamp to [0, 255].
/// </summary>
public static class PixelQuantizer
{
    /// <summary>Rounds half away from zero and clamps to [0, 255].</summary>
    public static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value, MidpointRounding.AwayFromZero), 0f, 255f);

    /// <summary>MATLAB's conversion of a double to uint8 (same rule), kept as a double for further arithmetic.</summary>
    public static double RoundToUint8(double value) => Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
}
