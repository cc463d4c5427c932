namespace MlNetSr.Imaging;

/// <summary>
/// A resize factor kept together with its exact inverse, so that 1/3 and 3 both stay exact where MATLAB's
/// coordinate formula uses them (x/scale) and output sizes come out as whole numbers.
/// </summary>
public readonly record struct ScaleFactor
{
    /// <summary>Output size / input size.</summary>
    public double Value { get; }

    /// <summary>1 / <see cref="Value"/>, exact when the factor was made from a whole number.</summary>
    public double Inverse { get; }

    private ScaleFactor(double value, double inverse)
    {
        Value = value;
        Inverse = inverse;
    }

    /// <summary>A factor of <paramref name="value"/> (positive and finite).</summary>
    public static ScaleFactor Of(double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(value), $"resize factor {value} must be a positive number");
        return new ScaleFactor(value, 1.0 / value);
    }

    /// <summary>Enlarge by a whole number (x2, x3, x4).</summary>
    public static ScaleFactor Up(int factor) => factor > 0 ? new(factor, 1.0 / factor)
        : throw new ArgumentOutOfRangeException(nameof(factor), $"factor {factor} must be positive");

    /// <summary>Shrink by a whole number (1/2, 1/3, 1/4), as <c>imresize(img, 1/s)</c>.</summary>
    public static ScaleFactor Down(int factor) => factor > 0 ? new(1.0 / factor, factor)
        : throw new ArgumentOutOfRangeException(nameof(factor), $"factor {factor} must be positive");

    /// <summary>MATLAB's output length ceil(length * scale), with a tolerance so that 255 * (1/3) gives 85.</summary>
    public int OutputLength(int inputLength)
    {
        double exact = inputLength / Inverse;
        double rounded = Math.Round(exact);
        return Math.Abs(exact - rounded) < 1e-9 ? (int)rounded : (int)Math.Ceiling(exact);
    }
}
