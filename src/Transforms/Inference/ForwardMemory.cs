namespace MlNetSr.Inference;

/// <summary>
/// How much memory one forward pass takes per LR pixel of its input region, from which the tile size is derived
/// (<see cref="InferenceOptions.MemoryBudget"/>). Measured with ONNX Runtime 1.31 on the CPU (memory pattern on,
/// 2 threads, peak RSS growth of one forward of EDSR-baseline, F = 64): 7.0 KB per LR pixel at x2, 11.4 KB at x3,
/// 27.9 KB at x4, the same for regions of 128 to 512 pixels (bench/results/tiled-pipeline.md). That is at most
/// 7 floats per feature channel per output pixel: the HR-resolution tail dominates.
/// </summary>
public static class ForwardMemory
{
    /// <summary>Floats ONNX Runtime holds per feature channel and output pixel (the measured 6.9 at x2/x4, rounded up).</summary>
    public const double FloatsPerFeaturePerOutputPixel = 7;

    /// <summary>Feature channels assumed for a model whose metadata does not state them (the paper's largest EDSR).</summary>
    public const int AssumedFeatures = 256;

    /// <summary>Bytes per LR region pixel: ONNX Runtime's working memory plus the engine's tile buffers.</summary>
    public static long BytesPerRegionPixel(int features, int scale, int tileBatch)
    {
        double onnx = sizeof(float) * FloatsPerFeaturePerOutputPixel * features * scale * scale;
        double buffers = sizeof(float) * (3 + 3 + 2 * 3 * scale * scale); // region, network input, output, sum
        return (long)Math.Ceiling(tileBatch * (onnx + buffers));
    }

    /// <summary>"1.5 GiB", "640 MiB": budgets as people write them.</summary>
    public static string Describe(long bytes) => bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.##} GiB" : $"{Math.Ceiling(bytes / (double)(1L << 20)):0} MiB";
}
