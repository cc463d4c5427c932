using Microsoft.ML.OnnxRuntime;

namespace MlNetSr.Inference;

/// <summary>How a super-resolution model is run. Defaults: GPU when present, tiles derived from a 1 GiB memory budget,
/// the model's own receptive field as the context margin, no self-ensemble.</summary>
public sealed record InferenceOptions
{
    /// <summary>The default <see cref="MemoryBudget"/>: 1 GiB, which suits a laptop.</summary>
    public const long DefaultMemoryBudget = 1L << 30;

    /// <summary>Where ONNX Runtime runs (CUDA when usable by default).</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>The CUDA device used when <see cref="Device"/> allows CUDA.</summary>
    public int GpuDeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Memory one forward pass may use (ONNX Runtime's working memory and the tile buffers, not the input and output
    /// images). The tile size is derived from it (<see cref="ForwardMemory"/>): the whole image when it fits, else the
    /// tiling with the least extra work. Ignored when <see cref="TileSize"/> is set.
    /// </summary>
    public long MemoryBudget { get; init; } = DefaultMemoryBudget;

    /// <summary>An explicit LR tile side (its core; the margin comes on top), overriding <see cref="MemoryBudget"/>. Null = derived.</summary>
    public int? TileSize { get; init; }

    /// <summary>LR pixels of context around each tile; null uses the model's receptive field, which makes tiled
    /// output equal whole-image output. Smaller values are faster and approximate (EDSR-PyTorch's chop uses 10).</summary>
    public int? Margin { get; init; }

    /// <summary>Equal-size tiles run together in one forward pass, up to this many.</summary>
    public int TileBatch { get; init; } = 1;

    /// <summary>The x8 geometric self-ensemble ("EDSR+"): 8 times the work, about +0.1 dB.</summary>
    public bool SelfEnsemble { get; init; }

    /// <summary>
    /// Advanced: adjusts ONNX Runtime's session options after the engine's own settings (all graph optimisations,
    /// memory pattern and arena on, <see cref="Threads"/> intra-op threads) are applied. Those were chosen by measurement
    /// (bench/results/session-settings.md); this hook exists to re-measure them and for settings the engine does not
    /// expose. It runs once per session made, twice when a CUDA attempt falls back to the CPU. Null leaves them as they are.
    /// </summary>
    public Action<SessionOptions>? ConfigureSession { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (TileSize is < 8) throw new ArgumentOutOfRangeException(nameof(TileSize), $"tile size {TileSize} must be at least 8 LR pixels");
        if (MemoryBudget < 1L << 20) throw new ArgumentOutOfRangeException(nameof(MemoryBudget), $"memory budget {MemoryBudget} bytes must be at least 1 MiB");
        if (Margin is < 0) throw new ArgumentOutOfRangeException(nameof(Margin), $"margin {Margin} must be 0 or more");
        if (TileBatch < 1) throw new ArgumentOutOfRangeException(nameof(TileBatch), $"tile batch {TileBatch} must be at least 1");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), $"threads {Threads} must be at least 1");
        if (GpuDeviceId < 0) throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), $"GPU device id {GpuDeviceId} must be 0 or more");
    }
}
