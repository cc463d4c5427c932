using MlNetSr.Pipelines;

// In ML.NET's namespace, as ML.NET's own catalog extensions (ImageAnalytics, OnnxTransformer): `using Microsoft.ML;`
// is enough to find them.
namespace Microsoft.ML;

/// <summary>MlNetSr's entry points on ML.NET's catalogs (all in one place, as ML.NET's own ExtensionsCatalog files).</summary>
public static class SuperResolutionExtensionsCatalog
{
    /// <summary>
    /// Upscales an image column (MLImage, e.g. from LoadImages) by <paramref name="scale"/> with the embedded default
    /// EDSR model, or with <paramref name="modelFile"/>. Runs on the GPU when one is usable, else on the CPU, in tiles
    /// within a 1 GiB memory budget (the same pixels as whole-image inference).
    /// </summary>
    /// <param name="catalog">the transforms catalog</param>
    /// <param name="outputColumnName">column that receives the upscaled image; "Image" replaces LoadImages' usual column</param>
    /// <param name="inputColumnName">image column to upscale; null = <paramref name="outputColumnName"/></param>
    /// <param name="scale">2, 3 or 4 with the embedded models; a model file sets its own</param>
    /// <param name="modelFile">an ONNX SR model (e.g. from <c>mlnetsr export</c>); null = embedded default</param>
    public static SuperResolutionEstimator SuperResolve(this TransformsCatalog catalog, string outputColumnName = "Image",
        string? inputColumnName = null, int scale = 2, string? modelFile = null) =>
        new(catalog, new SuperResolutionOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Scale = scale, ModelFile = modelFile });

    /// <summary>SuperResolve with every setting (model, memory budget or tile size, self-ensemble, GPU, fallback) in <paramref name="options"/>.</summary>
    /// <param name="catalog">the transforms catalog</param>
    /// <param name="options">the settings; <see cref="SuperResolutionOptions.OutputColumnName"/> is required</param>
    public static SuperResolutionEstimator SuperResolve(this TransformsCatalog catalog, SuperResolutionOptions options) => new(catalog, options);

    /// <summary>Bicubic degradation and baseline, the evaluator, and the EDSR/MDSR trainers.</summary>
    /// <param name="mlContext">the ML.NET context</param>
    public static SuperResolutionCatalog SuperResolution(this MLContext mlContext) => new(mlContext);
}
