using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;

namespace MlNetSr.Tests.Pipelines;

/// <summary>Rows and helpers shared by the ML.NET pipeline tests.</summary>
public sealed class PathRow
{
    public string ImagePath { get; set; } = "";
}

public sealed class ImageRow
{
    public MLImage? Image { get; set; }
}

public sealed class SuperResolvedRow
{
    public MLImage? SuperResolved { get; set; }
}

internal static class PipelineFixture
{
    public static IDataView Paths(MLContext ml, IEnumerable<string> files) =>
        ml.Data.LoadFromEnumerable(files.Select(f => new PathRow { ImagePath = f }).ToList());

    /// <summary>LR images of the papers' protocol (mod-crop + MATLAB bicubic 1/s), written as PNG into <paramref name="folder"/>.</summary>
    public static List<string> WriteLowResolution(string folder, IEnumerable<string> highResolutionFiles, int scale)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var file in highResolutionFiles)
        {
            var (_, lr) = Degradation.MakePair(ImageFile.Read(file), scale, file);
            string path = Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + $"_x{scale}.png");
            ImageFile.WritePng(lr, path);
            written.Add(path);
        }
        return written;
    }

    /// <summary>The tiled engine's result for a file (the CLI's path), with the embedded default model.</summary>
    public static ByteImage EngineUpscale(string file, int scale, int tile = 128)
    {
        using var model = SrOnnxModel.Load(DefaultModels.Get(scale), "default", new InferenceOptions { Device = ExecutionDevice.Cpu }, scale);
        using var resolver = new SuperResolver(model, new InferenceOptions { Device = ExecutionDevice.Cpu, TileSize = tile });
        return resolver.Upscale(ImageFile.Read(file), scale);
    }

    public static ByteImage Bytes(MLImage image) => MLImagePixels.ToByteImage(image, "test", collapseGray: false);
}
