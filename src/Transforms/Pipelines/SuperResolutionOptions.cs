namespace MlNetSr.Pipelines;

/// <summary>Settings of <c>mlContext.Transforms.SuperResolve</c>. Only the output column is required.</summary>
public sealed class SuperResolutionOptions
{
    /// <summary>Column that receives the upscaled image (MLImage).</summary>
    public required string OutputColumnName { get; init; }

    /// <summary>Image column to upscale (MLImage, e.g. from LoadImages); null = <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; init; }

    /// <summary>Upscaling factor. The embedded default models cover 2, 3 and 4; a model file or transformer has its own.</summary>
    public int Scale { get; init; } = 2;

    /// <summary>An ONNX model file ([N,3,H,W] RGB in [0, 255] in, scaled out), e.g. from <c>mlnetsr export</c>. Null = embedded default.</summary>
    public string? ModelFile { get; init; }

    /// <summary>A fitted transformer (e.g. from the EDSR/MDSR trainers) whose model is reused. Null = embedded default.</summary>
    public SuperResolutionTransformer? Model { get; init; }

    /// <summary>GPU to run on. Null = the first GPU when one is usable, else the CPU. A loaded model follows the loading MLContext's GpuDeviceId.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>Fall back to the CPU when the GPU cannot be used (default), instead of failing.</summary>
    public bool FallbackToCpu { get; init; } = true;
}
