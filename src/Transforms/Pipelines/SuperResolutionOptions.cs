using MlNetSr.Inference;

namespace MlNetSr.Pipelines;

/// <summary>Settings of <c>mlContext.Transforms.SuperResolve</c>. Only the output column is required; every setting is
/// saved with the fitted model by <c>mlContext.Model.Save</c>.</summary>
public sealed class SuperResolutionOptions
{
    /// <summary>Column that receives the upscaled image (MLImage).</summary>
    public required string OutputColumnName { get; init; }

    /// <summary>Image column to upscale (MLImage, e.g. from LoadImages); null = <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; init; }

    /// <summary>
    /// A text column naming each row's image file (e.g. LoadImages' input column), so that a row whose image is missing
    /// (LoadImages yields none for a missing, empty or corrupt file) is reported with its path. Null = not named.
    /// </summary>
    public string? ImagePathColumnName { get; init; }

    /// <summary>Upscaling factor. The embedded default models cover 2, 3 and 4; a model file or transformer must match it.</summary>
    public int Scale { get; init; } = 2;

    /// <summary>An ONNX model file ([N,3,H,W] RGB in [0, 255] in, scaled out), e.g. from <c>mlnetsr export</c>. Null = embedded default.</summary>
    public string? ModelFile { get; init; }

    /// <summary>A fitted transformer (e.g. from the EDSR/MDSR trainers) whose model is reused. Null = embedded default.</summary>
    public SuperResolutionTransformer? Model { get; init; }

    /// <summary>
    /// Memory one forward pass may use, in bytes (default 1 GiB): images are cut into tiles derived from it (the whole
    /// image when it fits) with the model's full receptive field as context, so the pixels equal whole-image
    /// inference at any size. The input and output images come on top (4 bytes per pixel each).
    /// </summary>
    public long MemoryBudget { get; init; } = InferenceOptions.DefaultMemoryBudget;

    /// <summary>An explicit LR tile side overriding <see cref="MemoryBudget"/> (at least 8). Null = derived from the budget.</summary>
    public int? TileSize { get; init; }

    /// <summary>The x8 geometric self-ensemble ("EDSR+", the CLI's <c>--self-ensemble</c>): 8 times the work, about +0.1 dB.</summary>
    public bool SelfEnsemble { get; init; }

    /// <summary>GPU to run on (CUDA, with the GPU build of ONNX Runtime). Null = GPU 0 when one is usable, else the CPU.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>
    /// Float32 (default: the same pixels on every machine), Int8 (the embedded int8 models: about 2x faster on CPUs with
    /// VNNI, at most 0.10 dB lower) or Auto (int8 on a CPU with VNNI, float32 on a GPU). Applies to the embedded default
    /// models; a model file or fitted transformer runs as it is. Resolved when the estimator is fitted.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Fall back to the CPU when the GPU cannot be used (default), instead of failing.</summary>
    public bool FallbackToCpu { get; init; } = true;

    internal InferenceOptions ToInferenceOptions() => new()
    {
        Device = FallbackToCpu ? ExecutionDevice.Auto : ExecutionDevice.Cuda,
        GpuDeviceId = GpuDeviceId ?? 0,
        MemoryBudget = MemoryBudget,
        TileSize = TileSize,
        SelfEnsemble = SelfEnsemble,
    };
}
