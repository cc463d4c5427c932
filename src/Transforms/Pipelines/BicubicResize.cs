using Microsoft.ML;

namespace MlNetSr.Pipelines;

/// <summary>
/// MATLAB-exact bicubic resizing of an image column, as the papers make LR images (<see cref="Upscale"/> false:
/// mod-crop then 1/s) and as their "Bicubic" baseline upscales them (true). Scales 2, 3 and 4; savable.
/// </summary>
public sealed class BicubicResizeEstimator : ImageColumnEstimator<ImageColumnTransformer>
{
    /// <summary>True for the bicubic upscale (baseline), false for the downscale (degradation).</summary>
    public bool Upscale { get; }

    /// <summary>The resize factor.</summary>
    public int Scale { get; }

    internal BicubicResizeEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, int scale, bool upscale)
        : base(catalog, outputColumnName, inputColumnName, upscale ? "UpscaleBicubic" : "DownscaleBicubic")
    {
        BicubicParts.For(upscale, scale); // validates the scale now rather than at Fit
        Scale = scale;
        Upscale = upscale;
    }

    private protected override ImageColumnTransformer FitChecked(IDataView input)
    {
        var (factory, contract) = BicubicParts.For(Upscale, Scale);
        var parts = ImageColumnTransformer.FitParts(Catalog, input, InputColumnName, OutputColumnName,
            [data => Catalog.CustomMapping(factory.GetMapping(), contract).Fit(data)]);
        return new ImageColumnTransformer(parts, InputColumnName, OutputColumnName, Operation);
    }
}
