using Microsoft.ML;
using MlNetSr.IO;
using MlNetSr.Metrics;

namespace MlNetSr.Pipelines;

/// <summary>
/// <c>mlContext.SuperResolution()</c>: the paper's bicubic degradation and baseline as transforms, the evaluator,
/// and (with MlNetSr.Estimators) the EDSR/MDSR trainers under <see cref="Trainers"/>.
/// </summary>
public sealed class SuperResolutionCatalog
{
    /// <summary>The context the transforms are made in.</summary>
    public MLContext Context { get; }

    /// <summary>Extended by MlNetSr.Estimators with <c>Edsr(...)</c> and <c>Mdsr(...)</c>.</summary>
    public SuperResolutionTrainers Trainers { get; }

    internal SuperResolutionCatalog(MLContext context)
    {
        Context = context;
        Trainers = new SuperResolutionTrainers(context);
    }

    /// <summary>The papers' LR image: mod-crop to a multiple of <paramref name="scale"/>, then MATLAB bicubic 1/scale.</summary>
    public BicubicResizeEstimator DownscaleBicubic(string outputColumnName, string? inputColumnName = null, int scale = 2) =>
        new(Context.Transforms, outputColumnName, inputColumnName, scale, upscale: false);

    /// <summary>The papers' "Bicubic" baseline: MATLAB imresize(image, scale, 'bicubic').</summary>
    public BicubicResizeEstimator UpscaleBicubic(string outputColumnName, string? inputColumnName = null, int scale = 2) =>
        new(Context.Transforms, outputColumnName, inputColumnName, scale, upscale: true);

    /// <summary>
    /// PSNR and SSIM of the images in <paramref name="scoreColumnName"/> against <paramref name="labelColumnName"/>,
    /// with the papers' protocol unless another is given (Y channel rounded like MATLAB, shave = scale).
    /// </summary>
    /// <param name="data">rows with both image columns</param>
    /// <param name="labelColumnName">ground-truth (HR) images; mod-cropped to the output's size when needed</param>
    /// <param name="scoreColumnName">images to score (same size as the mod-cropped ground truth)</param>
    /// <param name="scale">upscaling factor (sets the shave)</param>
    /// <param name="protocol">metric choices; <see cref="EvaluationProtocol.Paper"/> by default</param>
    /// <param name="nameColumnName">optional text column (e.g. the image path) copied into the per-image rows</param>
    public SuperResolutionMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score", int scale = 2,
        EvaluationProtocol? protocol = null, string? nameColumnName = null) =>
        SuperResolutionEvaluator.Evaluate(data, labelColumnName, scoreColumnName, scale, protocol, nameColumnName);

    /// <summary>
    /// <c>mlContext.Model.Load</c> after <see cref="ModelZipCheck"/>: a saved model from elsewhere is refused, with
    /// its sizes, when its zip declares or inflates to more than <paramref name="limits"/> allow. Plain
    /// <c>Model.Load</c> has no such check (README, "Model files from strangers").
    /// </summary>
    /// <param name="path">the zip <c>mlContext.Model.Save</c> wrote</param>
    /// <param name="inputSchema">the schema the model was saved with</param>
    /// <param name="limits">bounds on entries, expanded size and compression ratio; defaults when null</param>
    /// <exception cref="InvalidDataException">the file is not a zip or breaks a limit</exception>
    public ITransformer LoadModel(string path, out DataViewSchema inputSchema, ModelZipLimits? limits = null)
    {
        ModelZipCheck.Check(path, limits);
        return Context.Model.Load(path, out inputSchema);
    }
}

/// <summary>Holder for the trainer extension methods of MlNetSr.Estimators.</summary>
public sealed class SuperResolutionTrainers
{
    /// <summary>The context the trainers run in.</summary>
    public MLContext Context { get; }

    internal SuperResolutionTrainers(MLContext context) => Context = context;
}
