namespace MlNetSr.Quantization;

/// <summary>Settings of <see cref="Int8Quantizer"/>. Defaults: every image of the folder, two 64x64 LR patches from each,
/// the layers <see cref="DefaultFloatLayers"/> kept in float32.</summary>
public sealed record Int8QuantizerOptions
{
    /// <summary>
    /// The convolutions whose quantization costs the most PSNR on held-out training images
    /// (bench/results/int8-layers.md, EDSR-baseline x2: 0.014-0.027 dB each, every body conv at most 0.003): the two
    /// mean-shift 1x1 convolutions, the head and the last convolution. They hold under 1% of the network's FLOPs.
    /// </summary>
    public static IReadOnlyList<string> DefaultFloatLayers { get; } = ["sub_mean", "head.0", "tail.1", "add_mean"];

    /// <summary>Side of the square LR calibration patches (smaller LR images give their whole area).</summary>
    public int PatchSize { get; init; } = 64;

    /// <summary>Patches taken from each calibration image, at positions drawn from <see cref="Seed"/>.</summary>
    public int PatchesPerImage { get; init; } = 2;

    /// <summary>At most this many images of the calibration folder (in file-name order); null = all.</summary>
    public int? MaxImages { get; init; }

    /// <summary>Seed of the patch positions: the same images and seed give the same model bytes.</summary>
    public int Seed { get; init; } = 16;

    /// <summary>Convolution node names left in float32; every other Conv is quantized.</summary>
    public IReadOnlyList<string> FloatLayers { get; init; } = DefaultFloatLayers;

    /// <summary>
    /// Run the residual Adds in uint8 too (ONNX Runtime's QLinearAdd), so the body stays in int8 between
    /// convolutions instead of leaving to float32 at every block; costs about 0.035 dB at x2 (bench/results/int8-layers.md).
    /// </summary>
    public bool QuantizeResidualAdds { get; init; } = true;

    /// <summary>Threads for the calibration runs (null: every core).</summary>
    public int? Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (PatchSize < 8) throw new ArgumentOutOfRangeException(nameof(PatchSize), $"patch size {PatchSize} must be at least 8 LR pixels");
        if (PatchesPerImage < 1) throw new ArgumentOutOfRangeException(nameof(PatchesPerImage), $"patches per image {PatchesPerImage} must be at least 1");
        if (MaxImages is < 1) throw new ArgumentOutOfRangeException(nameof(MaxImages), $"max images {MaxImages} must be at least 1");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), $"threads {Threads} must be at least 1");
    }
}
