namespace MlNetSr.Imaging;

/// <summary>
/// The taps of a 1-D MATLAB <c>imresize</c> 'bicubic' pass: for every output index, the input indices it reads
/// and their normalised weights (SR_SPEC §4.1). Rows all have the same tap count, as in MATLAB.
/// </summary>
public sealed class ResizeWeights
{
    /// <summary>Pixels along the resized axis before resizing.</summary>
    public int InputLength { get; }
    /// <summary>Pixels along the resized axis after resizing.</summary>
    public int OutputLength { get; }

    /// <summary>Taps per output sample after dropping tap columns that are zero for every output.</summary>
    public int TapCount { get; }

    /// <summary>Row-major [OutputLength, TapCount]: 0-based input index after the symmetric boundary.</summary>
    public int[] Indices { get; }

    /// <summary>Row-major [OutputLength, TapCount]: weights, each row summing to 1.</summary>
    public double[] Weights { get; }

    private ResizeWeights(int inputLength, int outputLength, int taps, int[] indices, double[] weights)
    {
        InputLength = inputLength;
        OutputLength = outputLength;
        TapCount = taps;
        Indices = indices;
        Weights = weights;
    }

    /// <summary>The normalised weights of output pixel <paramref name="output"/>.</summary>
    public ReadOnlySpan<double> RowWeights(int output) => Weights.AsSpan(output * TapCount, TapCount);
    /// <summary>The input indices that those weights apply to.</summary>
    public ReadOnlySpan<int> RowIndices(int output) => Indices.AsSpan(output * TapCount, TapCount);

    /// <param name="inputLength">samples along this dimension</param>
    /// <param name="outputLength">samples wanted</param>
    /// <param name="factor">the scale of this dimension (output/input); below 1 shrinks with antialiasing</param>
    /// <param name="antialias">MATLAB's 'Antialiasing' option, on by default; only matters when shrinking</param>
    public static ResizeWeights Compute(int inputLength, int outputLength, ScaleFactor factor, bool antialias = true)
    {
        if (inputLength <= 0 || outputLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputLength), $"cannot resize {inputLength} samples to {outputLength}");
        double scale = factor.Value, inverse = factor.Inverse;
        bool stretchKernel = scale < 1 && antialias;
        double kernelWidth = stretchKernel ? CubicKernel.Support * inverse : CubicKernel.Support;
        int candidates = (int)Math.Ceiling(kernelWidth) + 2;

        var rawWeights = new double[outputLength * candidates];
        var rawIndices = new int[outputLength * candidates];
        for (int o = 0; o < outputLength; o++)
        {
            // MATLAB works in 1-based coordinates: output x maps to input u = x/scale + 0.5*(1 - 1/scale).
            double u = (o + 1) * inverse + 0.5 * (1 - inverse);
            int left = (int)Math.Floor(u - kernelWidth / 2);
            double sum = 0;
            for (int k = 0; k < candidates; k++)
            {
                int j = left + k;
                double d = u - j;
                double w = stretchKernel ? scale * CubicKernel.Evaluate(scale * d) : CubicKernel.Evaluate(d);
                rawWeights[o * candidates + k] = w;
                rawIndices[o * candidates + k] = Mirror(j, inputLength);
                sum += w;
            }
            for (int k = 0; k < candidates; k++) rawWeights[o * candidates + k] /= sum;
        }

        // Drop the tap columns that are zero for every output row, as MATLAB does.
        var keep = new List<int>(candidates);
        for (int k = 0; k < candidates; k++)
        {
            bool any = false;
            for (int o = 0; o < outputLength && !any; o++) any = rawWeights[o * candidates + k] != 0;
            if (any) keep.Add(k);
        }
        int taps = keep.Count;
        var weights = new double[outputLength * taps];
        var indices = new int[outputLength * taps];
        for (int o = 0; o < outputLength; o++)
            for (int t = 0; t < taps; t++)
            {
                weights[o * taps + t] = rawWeights[o * candidates + keep[t]];
                indices[o * taps + t] = rawIndices[o * candidates + keep[t]];
            }
        return new ResizeWeights(inputLength, outputLength, taps, indices, weights);
    }

    /// <summary>MATLAB's symmetric boundary for a 1-based index j: aux = [1..n, n..1], aux[(j-1) mod 2n]; returns 0-based.</summary>
    internal static int Mirror(int oneBased, int length)
    {
        int period = 2 * length;
        int m = ((oneBased - 1) % period + period) % period;
        return m < length ? m : period - 1 - m;
    }
}
