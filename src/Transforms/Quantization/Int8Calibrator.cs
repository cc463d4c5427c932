using Microsoft.ML.OnnxRuntime;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Onnx;

namespace MlNetSr.Quantization;

/// <summary>
/// Measures activation ranges: the float32 model runs in ONNX Runtime with every tensor entering or leaving a
/// convolution (and every ReLU output) added as a graph output, over LR patches made from the calibration images
/// by the paper's degradation (mod-crop, MATLAB bicubic 1/s). Two passes: min/max, then a histogram on that span.
/// </summary>
internal static class Int8Calibrator
{
    public static Int8Calibration Run(OnnxGraphParts model, int scale, IReadOnlyList<string> images, Int8QuantizerOptions options,
        IProgress<string>? progress)
    {
        string input = GraphInput(model);
        var tensors = CalibratedTensors(model);
        var inner = tensors.Where(t => t != input).ToArray();
        var patches = Patches(images, scale, options, progress);
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.Threads ?? Environment.ProcessorCount,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        using var session = new InferenceSession(WithOutputs(model, inner), sessionOptions);

        var min = tensors.ToDictionary(t => t, _ => float.PositiveInfinity);
        var max = tensors.ToDictionary(t => t, _ => float.NegativeInfinity);
        Pass(session, input, inner, patches, (name, values) =>
        {
            float lo = min[name], hi = max[name];
            foreach (float v in values)
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            (min[name], max[name]) = (lo, hi);
        }, progress, "ranges");
        var histograms = tensors.ToDictionary(t => t, t => new ActivationHistogram(min[t], max[t]));
        Pass(session, input, inner, patches, (name, values) => histograms[name].Add(values), progress, "histograms");
        var ranges = tensors.ToDictionary(t => t, t => histograms[t].Choose(), StringComparer.Ordinal);
        return new Int8Calibration(ranges, patches.Count, images.Count);
    }

    /// <summary>Inputs and outputs of every Conv and outputs of every Relu, in graph order.</summary>
    internal static IReadOnlyList<string> CalibratedTensors(OnnxGraphParts model)
    {
        var names = new List<string>();
        foreach (var node in model.Nodes)
        {
            if (node.OpType == "Conv") names.AddRange([node.Inputs[0], node.Outputs[0]]);
            else if (node.OpType == "Relu") names.Add(node.Outputs[0]);
        }
        return names.Distinct(StringComparer.Ordinal).ToArray();
    }

    internal static string GraphInput(OnnxGraphParts model)
    {
        var initializers = model.Initializers.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.InputNames.Where(n => !initializers.Contains(n)).ToArray();
        return inputs.Length == 1 ? inputs[0]
            : throw new InvalidDataException($"an SR model has one image input; this one has {inputs.Length} ({string.Join(", ", inputs)})");
    }

    private static void Pass(InferenceSession session, string input, string[] outputs, List<(float[] Data, int Height, int Width)> patches,
        Action<string, ReadOnlySpan<float>> observe, IProgress<string>? progress, string what)
    {
        using var runOptions = new RunOptions();
        for (int p = 0; p < patches.Count; p++)
        {
            var (data, height, width) = patches[p];
            observe(input, data);
            using var value = OrtValue.CreateTensorValueFromMemory(data, [1, 3, height, width]);
            using var results = session.Run(runOptions, [input], [value], outputs);
            for (int i = 0; i < outputs.Length; i++) observe(outputs[i], results[i].GetTensorDataAsSpan<float>());
            if ((p + 1) % 32 == 0 || p + 1 == patches.Count) progress?.Report($"calibration {what}: {p + 1}/{patches.Count} patches");
        }
    }

    private static List<(float[] Data, int Height, int Width)> Patches(IReadOnlyList<string> images, int scale, Int8QuantizerOptions options,
        IProgress<string>? progress)
    {
        var random = new Random(options.Seed);
        var patches = new List<(float[], int, int)>();
        foreach (string path in images)
        {
            var lr = Degradation.MakePair(ImageFile.Read(path), scale, path).LowResolution.ToRgb();
            int h = Math.Min(options.PatchSize, lr.Height), w = Math.Min(options.PatchSize, lr.Width);
            for (int k = 0; k < options.PatchesPerImage; k++)
            {
                var patch = lr.Crop(random.Next(lr.Width - w + 1), random.Next(lr.Height - h + 1), w, h);
                patches.Add((Array.ConvertAll(patch.Data, b => (float)b), h, w));
            }
        }
        progress?.Report($"calibration: {patches.Count} LR patches of {options.PatchSize}x{options.PatchSize} from {images.Count} images");
        return patches;
    }

    // The same model with the named tensors as extra float outputs (ValueInfoProto: name, tensor_type.elem_type).
    private static byte[] WithOutputs(OnnxGraphParts model, IEnumerable<string> tensors)
    {
        var content = new ProtobufWriter();
        foreach (var node in model.Nodes) content.Raw(node.Encoded);
        foreach (var tensor in model.Initializers) content.Raw(tensor.Encoded);
        foreach (var input in model.Inputs) content.Raw(input);
        foreach (var output in model.Outputs) content.Raw(output);
        foreach (string name in tensors.Where(t => !model.OutputNames.Contains(t)))
            content.Message(12, ValueInfo(name, OnnxTensorPart.Float));
        return model.Write(content);
    }

    internal static ProtobufWriter ValueInfo(string name, int elementType) =>
        new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, new ProtobufWriter().Int64(1, elementType)));
}
