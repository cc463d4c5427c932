using MlNetSr.Evaluation;
using MlNetSr.Inference;

namespace MlNetSr.Quantization;

/// <summary>
/// Static int8 quantization of an SR model (EDSR/MDSR as exported by MlNetSr): calibrate activation ranges on LR
/// patches of training images, then write a QDQ ONNX model that ONNX Runtime runs with its int8 convolution kernels
/// (AVX-512 VNNI / AVX-VNNI on x64). Deterministic: the same model, images and options give the same bytes.
/// Calibrate on training images (T91, BSD200), never on the benchmark sets the model is scored on.
/// </summary>
public static class Int8Quantizer
{
    /// <summary>Calibrates and quantizes in one call (what <c>mlnetsr quantize</c> runs).</summary>
    /// <param name="model">float32 ONNX bytes</param>
    /// <param name="calibrationFolder">folder of HR training images (sub-folders included)</param>
    /// <param name="options">patches, seed and float layers; null = defaults</param>
    /// <param name="progress">receives one line per step</param>
    public static byte[] Quantize(byte[] model, string calibrationFolder, Int8QuantizerOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new Int8QuantizerOptions();
        var calibration = Calibrate(model, calibrationFolder, options, progress);
        return Write(model, calibration, options.FloatLayers, options.QuantizeResidualAdds);
    }

    /// <summary>Measures the activation ranges of <paramref name="model"/> on the images of <paramref name="calibrationFolder"/>.</summary>
    /// <param name="model">float32 ONNX bytes</param>
    /// <param name="calibrationFolder">folder of HR training images (sub-folders included)</param>
    /// <param name="options">patches and seed; null = defaults</param>
    /// <param name="progress">receives one line per step</param>
    public static Int8Calibration Calibrate(byte[] model, string calibrationFolder, Int8QuantizerOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new Int8QuantizerOptions();
        options.Validate();
        var images = ImageFolder.List(calibrationFolder, recursive: true);
        if (options.MaxImages is int most) images = images.Take(most).ToArray();
        int scale;
        using (var probe = SrOnnxModel.Load(model, "model to quantize", new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = options.Threads }))
            scale = probe.Scale;
        progress?.Report($"quantize: x{scale} model, {images.Count} calibration images from {calibrationFolder}");
        return Int8Calibrator.Run(OnnxGraphParts.Parse(model), scale, images, options, progress);
    }

    /// <summary>The QDQ model: every Conv except <paramref name="floatLayers"/> in int8, with the calibrated ranges.</summary>
    /// <param name="model">the float32 ONNX bytes that were calibrated</param>
    /// <param name="calibration">from <see cref="Calibrate"/></param>
    /// <param name="floatLayers">Conv node names kept in float32</param>
    /// <param name="quantizeResidualAdds">also run the residual Adds in uint8 (<see cref="Int8QuantizerOptions.QuantizeResidualAdds"/>)</param>
    public static byte[] Write(byte[] model, Int8Calibration calibration, IReadOnlyCollection<string> floatLayers, bool quantizeResidualAdds) =>
        QdqModelWriter.Write(OnnxGraphParts.Parse(model), calibration, floatLayers, quantizeResidualAdds);

    /// <summary>The Conv node names of a model, in graph order (the layers <see cref="Int8QuantizerOptions.FloatLayers"/> may name).</summary>
    /// <param name="model">ONNX bytes</param>
    public static IReadOnlyList<string> ConvLayers(byte[] model) =>
        OnnxGraphParts.Parse(model).Nodes.Where(n => n.OpType == "Conv").Select(n => n.Name).ToArray();
}
