namespace MlNetSr.Inference;

/// <summary>How a super-resolution model is run. Defaults: GPU when present, 128-pixel LR tiles, the model's own
/// receptive field as the context margin, no self-ensemble.</summary>
public sealed record InferenceOptions
{
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>The CUDA device used when <see cref="Device"/> allows CUDA.</summary>
    public int GpuDeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Side of the LR tile computed per forward pass (its core; the margin comes on top). Bounds peak memory.</summary>
    public int TileSize { get; init; } = 128;

    /// <summary>LR pixels of context around each tile; null uses the model's receptive field, which makes tiled
    /// output equal whole-image output. Smaller values are faster and approximate (EDSR-PyTorch's chop uses 10).</summary>
    public int? Margin { get; init; }

    /// <summary>Equal-size tiles run together in one forward pass, up to this many.</summary>
    public int TileBatch { get; init; } = 1;

    /// <summary>The x8 geometric self-ensemble ("EDSR+"): 8 times the work, about +0.1 dB.</summary>
    public bool SelfEnsemble { get; init; }

    public void Validate()
    {
        if (TileSize < 8) throw new ArgumentOutOfRangeException(nameof(TileSize), $"tile size {TileSize} must be at least 8 LR pixels");
        if (Margin is < 0) throw new ArgumentOutOfRangeException(nameof(Margin), $"margin {Margin} must be 0 or more");
        if (TileBatch < 1) throw new ArgumentOutOfRangeException(nameof(TileBatch), $"tile batch {TileBatch} must be at least 1");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), $"threads {Threads} must be at least 1");
        if (GpuDeviceId < 0) throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), $"GPU device id {GpuDeviceId} must be 0 or more");
    }
}
