using System.Globalization;
using MlNetSr.Onnx;
using MlNetSr.Quantization;
using MlNetSr.Trainer.Onnx;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// The weights of an fp32 ONNX model that <see cref="OnnxExporter"/> wrote: its initializers are the state_dict
/// tensors under their official names, so an embedded model can seed a run (<c>--init</c>) or be re-exported without
/// its training checkpoint. The file passes <see cref="OnnxModelCheck"/> before any tensor is built.
/// </summary>
internal static class OnnxWeightsReader
{
    private const int ModelMetadata = 14;

    /// <summary>The float32 tensors by initializer name (scalars such as the res_scale constant left out).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="resScale">The <c>mlnetsr.res_scale</c> metadata, or null when the file has none.</param>
    /// <exception cref="InvalidDataException">Malformed, quantized, or one scale's graph of an MDSR network.</exception>
    public static Dictionary<string, Tensor> Read(string path, out double? resScale)
    {
        OnnxModelCheck.CheckFileSize(path);
        byte[] bytes = File.ReadAllBytes(path);
        OnnxModelCheck.Check(bytes, path);
        var metadata = Metadata(bytes);
        resScale = metadata.TryGetValue(OnnxMetadataKeys.ResScale, out string? text)
                   && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
        if (metadata.TryGetValue(OnnxMetadataKeys.Architecture, out string? architecture) && architecture == "mdsr")
            throw new InvalidDataException(
                $"{path}: an MDSR ONNX file holds one scale's branch only; use the MDSR checkpoint (.ckpt/.pt) it was exported from");

        var initializers = OnnxGraphParts.Parse(bytes).Initializers;
        var quantized = initializers.FirstOrDefault(t => t.DataType is OnnxTensorPart.Int8 or OnnxTensorPart.UInt8);
        if (quantized is not null)
            throw new InvalidDataException(
                $"{path}: holds quantized (int8) weights ({quantized.Name}); read the float32 model it was quantized from");

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var initializer in initializers.Where(t => t.Dims.Count > 0))
                tensors[initializer.Name] = tensor(initializer.FloatValues(), initializer.Dims.ToArray());
            return tensors;
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string> Metadata(byte[] model)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in ProtobufReader.Fields(model).Where(f => f.Number == ModelMetadata && f.WireType == 2))
        {
            var parts = ProtobufReader.Fields(field.Payload);
            string key = parts.FirstOrDefault(p => p.Number == 1).Text;
            if (key.Length > 0) entries[key] = parts.FirstOrDefault(p => p.Number == 2).Text;
        }
        return entries;
    }
}
