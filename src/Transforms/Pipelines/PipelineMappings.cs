using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Pipelines;

// The CustomMapping parts of MlNetSr's transforms. ML.NET saves only a part's contract name (and assembly) and
// finds the factory by it when a model is loaded, so every part is stateless and named here once; a part's
// settings (the scale of a bicubic resize) are part of its name.

/// <summary>The image's size as a tensor: the input ApplyOnnxModel needs to run the model carrier graph.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ImageSizeMapping : CustomMappingFactory<ImageInputRow, ImageSizeRow>
{
    /// <summary>The name ML.NET stores in saved models.</summary>
    public const string ContractName = "MlNetSr.ImageSize";

    /// <summary>Writes [height, width] (0, 0 for a missing image; the upscaling part reports it).</summary>
    public static void Map(ImageInputRow input, ImageSizeRow output)
    {
        output.Size = input.Image is { } image ? [image.Height, image.Width] : [0, 0];
        output.Source = "";
    }

    /// <inheritdoc/>
    public override Action<ImageInputRow, ImageSizeRow> GetMapping() => Map;
}

/// <summary>
/// Upscales the row's image with the tiled engine (<see cref="Inference.SuperResolver"/>, the CLI's), using the model
/// bytes and settings the carrier graph returned; the session is shared per model (<see cref="PipelineEngines"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class TiledSuperResolution : CustomMappingFactory<SuperResolveInputRow, ImageResultRow>
{
    /// <summary>The name ML.NET stores in saved models.</summary>
    public const string ContractName = "MlNetSr.TiledSuperResolve";

    /// <summary>Upscales one row.</summary>
    public static void Map(SuperResolveInputRow input, ImageResultRow output)
    {
        var image = input.Image ?? throw new InvalidDataException(string.IsNullOrEmpty(input.Source)
            ? "SuperResolve: a row has no image (LoadImages yields none for a missing, empty or corrupt file); set SuperResolutionOptions.ImagePathColumnName to have the file named"
            : $"SuperResolve: no image for '{input.Source}' (LoadImages yields none for a missing, empty or corrupt file)");
        var engine = PipelineEngines.For(input.Model, EngineSettings.FromVector(input.Settings));
        output.Result = MLImageUpscaler.Upscale(engine, image, string.IsNullOrEmpty(input.Source) ? "SuperResolve" : $"SuperResolve: {input.Source}");
    }

    /// <inheritdoc/>
    public override Action<SuperResolveInputRow, ImageResultRow> GetMapping() => Map;
}

/// <summary>The paper's LR image: mod-crop, then MATLAB bicubic 1/s. Subclasses fix the scale (it is saved as the name).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BicubicDownscale(int scale) : CustomMappingFactory<ImageInputRow, ImageResultRow>
{
    /// <inheritdoc/>
    public override Action<ImageInputRow, ImageResultRow> GetMapping() => (input, output) =>
    {
        var image = MLImagePixels.ToByteImage(input.Image ?? throw Missing("DownscaleBicubic"), "DownscaleBicubic", collapseGray: true);
        output.Result = MLImagePixels.FromByteImage(Degradation.MakePair(image, scale).LowResolution);
    };

    internal static InvalidDataException Missing(string operation) => new($"{operation}: the input image is missing (was the file loaded?)");
}

/// <summary>The paper's "Bicubic" baseline: MATLAB imresize(LR, s, 'bicubic'). Subclasses fix the scale.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BicubicUpscale(int scale) : CustomMappingFactory<ImageInputRow, ImageResultRow>
{
    /// <inheritdoc/>
    public override Action<ImageInputRow, ImageResultRow> GetMapping() => (input, output) =>
    {
        var image = MLImagePixels.ToByteImage(input.Image ?? throw BicubicDownscale.Missing("UpscaleBicubic"), "UpscaleBicubic", collapseGray: true);
        output.Result = MLImagePixels.FromByteImage(MatlabBicubic.Upscale(image, scale));
    };
}

#pragma warning disable CS1591 // one line each: the scale is in the name
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(BicubicParts.DownscaleX2)] public sealed class BicubicDownscaleX2() : BicubicDownscale(2);
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(BicubicParts.DownscaleX3)] public sealed class BicubicDownscaleX3() : BicubicDownscale(3);
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(BicubicParts.DownscaleX4)] public sealed class BicubicDownscaleX4() : BicubicDownscale(4);
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(BicubicParts.UpscaleX2)] public sealed class BicubicUpscaleX2() : BicubicUpscale(2);
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(BicubicParts.UpscaleX3)] public sealed class BicubicUpscaleX3() : BicubicUpscale(3);
[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(BicubicParts.UpscaleX4)] public sealed class BicubicUpscaleX4() : BicubicUpscale(4);
#pragma warning restore CS1591

/// <summary>Finds the saved bicubic part for a direction and scale.</summary>
internal static class BicubicParts
{
    public static readonly int[] Scales = [2, 3, 4];

    // The contract names ML.NET looks up on load; the attributes above and For below both use these.
    public const string DownscaleX2 = "MlNetSr.BicubicDownscaleX2", DownscaleX3 = "MlNetSr.BicubicDownscaleX3", DownscaleX4 = "MlNetSr.BicubicDownscaleX4";
    public const string UpscaleX2 = "MlNetSr.BicubicUpscaleX2", UpscaleX3 = "MlNetSr.BicubicUpscaleX3", UpscaleX4 = "MlNetSr.BicubicUpscaleX4";

    public static (CustomMappingFactory<ImageInputRow, ImageResultRow> Factory, string ContractName) For(bool upscale, int scale)
    {
        return (upscale, scale) switch
        {
            (false, 2) => (new BicubicDownscaleX2(), DownscaleX2),
            (false, 3) => (new BicubicDownscaleX3(), DownscaleX3),
            (false, 4) => (new BicubicDownscaleX4(), DownscaleX4),
            (true, 2) => (new BicubicUpscaleX2(), UpscaleX2),
            (true, 3) => (new BicubicUpscaleX3(), UpscaleX3),
            (true, 4) => (new BicubicUpscaleX4(), UpscaleX4),
            _ => throw new ArgumentOutOfRangeException(nameof(scale), $"bicubic resize in a pipeline supports scales 2, 3 and 4, not {scale}"),
        };
    }
}
