using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Pipelines;

// The CustomMapping parts of MlNetSr's transforms. ML.NET saves only a part's contract name (and assembly) and
// finds the factory by it when a model is loaded, so every part is stateless and named here once; a part's
// settings (the scale of a bicubic resize) are part of its name.

/// <summary>MLImage to network input (planar RGB float, NCHW shape).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ImageToNetworkInput : CustomMappingFactory<ImageInputRow, NetworkInputRow>
{
    public const string ContractName = "MlNetSr.ImageToNetworkInput";

    public static void Map(ImageInputRow input, NetworkInputRow output)
    {
        var image = input.Image ?? throw new InvalidDataException("SuperResolve: the input image is missing (was the file loaded?)");
        output.Pixels = MLImagePixels.ToPlanarFloats(image, "SuperResolve");
        output.Shape = [1, 3, image.Height, image.Width];
    }

    public override Action<ImageInputRow, NetworkInputRow> GetMapping() => Map;
}

/// <summary>Network output to MLImage, rounded and clamped to 8 bits.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class NetworkOutputToImage : CustomMappingFactory<NetworkOutputRow, ImageResultRow>
{
    public const string ContractName = "MlNetSr.NetworkOutputToImage";

    public static void Map(NetworkOutputRow input, ImageResultRow output)
    {
        var shape = input.Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != 3)
            throw new InvalidDataException($"SuperResolve: the model returned shape [{string.Join(",", shape)}]; [1,3,H,W] is needed");
        output.Result = MLImagePixels.FromPlanarFloats(input.Pixels, (int)shape[3], (int)shape[2]);
    }

    public override Action<NetworkOutputRow, ImageResultRow> GetMapping() => Map;
}

/// <summary>The paper's LR image: mod-crop, then MATLAB bicubic 1/s. Subclasses fix the scale (it is saved as the name).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BicubicDownscale(int scale) : CustomMappingFactory<ImageInputRow, ImageResultRow>
{
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
            (false, 2) => (new BicubicDownscaleX2(), DownscaleX2), (false, 3) => (new BicubicDownscaleX3(), DownscaleX3),
            (false, 4) => (new BicubicDownscaleX4(), DownscaleX4), (true, 2) => (new BicubicUpscaleX2(), UpscaleX2),
            (true, 3) => (new BicubicUpscaleX3(), UpscaleX3), (true, 4) => (new BicubicUpscaleX4(), UpscaleX4),
            _ => throw new ArgumentOutOfRangeException(nameof(scale), $"bicubic resize in a pipeline supports scales 2, 3 and 4, not {scale}"),
        };
    }
}
