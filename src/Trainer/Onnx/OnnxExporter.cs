using System.Globalization;
using MlNetSr.IO;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Models.Blocks;

namespace MlNetSr.Trainer.Onnx;

/// <summary>
/// Writes an EDSR/MDSR network as a self-contained ONNX model (IR 8, opset 17): input <c>lr</c> float32
/// [batch, 3, height, width] in [0,255], output <c>sr</c> [batch, 3, s·height, s·width]. Nodes are Conv, Relu,
/// Add, Mul (res_scale ≠ 1) and DepthToSpace (mode CRD = PixelShuffle); the weights are initializers named by
/// their state_dict keys. MDSR is exported one scale per file (the branch is fixed). TorchSharp has no ONNX
/// exporter, so the graph is written from the config and weights (<see cref="SrGraphBuilder"/>).
/// </summary>
public static class OnnxExporter
{
    /// <summary>ONNX IR version written (8: ONNX 1.10+, ONNX Runtime 1.10+).</summary>
    public const int IrVersion = 8;

    /// <summary>Default-domain opset (DepthToSpace CRD exists since 11).</summary>
    public const int Opset = 17;

    /// <summary>The model's producer_name.</summary>
    public const string ProducerName = "MlNetSr";

    /// <summary>Value of <see cref="OnnxMetadataKeys.FormatVersion"/>.</summary>
    public const string MetadataFormatVersion = "1";

    /// <summary>
    /// Exports <paramref name="network"/> at <paramref name="scale"/> to <paramref name="path"/> (written atomically).
    /// </summary>
    /// <param name="network">The network; its current weights are written.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="scale">Required for MDSR (one of its scales); optional for EDSR, where it must be its scale.</param>
    /// <param name="source">Stored as <c>mlnetsr.source</c>: the checkpoint path or a description.</param>
    /// <exception cref="ArgumentException">The scale is missing (MDSR) or not one the network has.</exception>
    public static void Export(SrNetwork network, string path, int? scale = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = BuildModel(network, scale, source);
        AtomicFile.Write(path, stream => OnnxModelWriter.Write(model, stream));
    }

    /// <summary>The scale a graph will have: <paramref name="scale"/> checked against the network's scales.</summary>
    public static int ResolveScale(ModelConfig config, int? scale)
    {
        ArgumentNullException.ThrowIfNull(config);
        string available = string.Join(", ", config.Scales.Select(s => $"x{s}"));
        if (scale is null)
        {
            if (config.Architecture == SrArchitecture.Mdsr)
                throw new ArgumentException($"{config}: MDSR exports one scale per file; choose one of {available}", nameof(scale));
            return config.Scale;
        }
        if (!config.Scales.Contains(scale.Value))
            throw new ArgumentException($"scale {scale} is not in this checkpoint ({config}): use {available}", nameof(scale));
        return scale.Value;
    }

    /// <summary>The model as written (for tests and tools); no file is touched.</summary>
    internal static OnnxModel BuildModel(SrNetwork network, int? scale, string? source)
    {
        var config = network.Config;
        int s = ResolveScale(config, scale);
        var graph = SrGraphBuilder.Build(network, s);
        string architecture = config.Architecture == SrArchitecture.Edsr ? "edsr" : "mdsr";
        var doc = $"{config} at x{s}: input 'lr' float32 NCHW RGB in [0,255], output 'sr' {s}x larger, same range. "
                  + "Exported by MlNetSr from EDSR-PyTorch-layout weights (Lim et al. 2017).";
        return new OnnxModel(IrVersion, Opset, ProducerName, ProducerVersion(), doc, graph,
            Metadata(config, s, architecture, source));
    }

    private static List<KeyValuePair<string, string>> Metadata(ModelConfig config, int scale, string architecture, string? source)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            new(OnnxMetadataKeys.Architecture, architecture),
            new(OnnxMetadataKeys.Blocks, config.Blocks.ToString(inv)),
            new(OnnxMetadataKeys.Features, config.Features.ToString(inv)),
            new(OnnxMetadataKeys.ResScale, config.ResScale.ToString("R", inv)),
            new(OnnxMetadataKeys.Scale, scale.ToString(inv)),
            new(OnnxMetadataKeys.Scales, string.Join(",", config.Scales.Select(x => x.ToString(inv)))),
            new(OnnxMetadataKeys.PixelRange, "0-" + MeanShift.RgbRange.ToString(inv)),
            new(OnnxMetadataKeys.RgbMean, string.Join(",", MeanShift.Div2kMean.Select(m => m.ToString("0.0000", inv)))),
            new(OnnxMetadataKeys.ReceptiveFieldLr, ReceptiveField.MarginInLowResolutionPixels(config, scale).ToString(inv)),
            new(OnnxMetadataKeys.Source, source ?? "(not given)"),
            new(OnnxMetadataKeys.FormatVersion, MetadataFormatVersion),
        ];
    }

    private static string ProducerVersion() =>
        typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";
}
