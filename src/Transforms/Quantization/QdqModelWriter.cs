using System.Runtime.InteropServices;
using MlNetSr.Onnx;

namespace MlNetSr.Quantization;

/// <summary>
/// Rewrites a float32 SR model as QDQ ONNX: each quantized Conv reads DequantizeLinear(int8 weights, per output
/// channel, symmetric), DequantizeLinear(int32 bias) and a dequantized uint8 input, and its output passes
/// QuantizeLinear -> DequantizeLinear, the pattern ONNX Runtime's CPU optimizer fuses into one int8 QLinearConv.
/// A ReLU that is a quantized Conv's only consumer is folded into the output quantization (zero point 0 clips at 0).
/// Residual Adds whose inputs and output were calibrated become DQ, DQ -> Add -> Q (QLinearAdd) when asked; everything
/// else (the float layers, a Mul by res_scale) keeps float32 and its bytes, except a DepthToSpace that alone reads a
/// quantized Conv's output: it moves to the uint8 side of that output's QuantizeLinear -> DequantizeLinear.
/// </summary>
internal static class QdqModelWriter
{
    public const string MetadataKey = "mlnetsr.quantization";

    public static byte[] Write(OnnxGraphParts model, Int8Calibration calibration, IReadOnlyCollection<string> floatLayers, bool quantizeAdds)
    {
        var convs = model.Nodes.Where(n => n.OpType == "Conv").ToArray();
        foreach (string name in floatLayers)
            if (!convs.Any(c => c.Name == name))
                throw new ArgumentException($"float layer '{name}' is not a Conv of this model (Convs: {string.Join(", ", convs.Select(c => c.Name))})");
        var quantized = convs.Where(c => !floatLayers.Contains(c.Name)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var initializers = model.Initializers.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var consumers = model.Nodes.SelectMany(n => n.Inputs.Select(i => (Tensor: i, Node: n)))
            .ToLookup(x => x.Tensor, x => x.Node, StringComparer.Ordinal);

        var nodes = new List<ProtobufWriter>();
        var newInitializers = new List<ProtobufWriter>();
        var folded = new HashSet<string>(StringComparer.Ordinal);
        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal); // tensor -> its dequantized copy's name
        var weightNodes = new List<ProtobufWriter>();

        // The dequantized copy of a tensor, made once for all its quantized consumers.
        string DequantizedInput(string x, string node)
        {
            if (dequantized.TryGetValue(x, out string? name)) return name;
            name = x + ".dequantized";
            AddActivationPair(nodes, newInitializers, x, Range(calibration, x, node), x + ".quantized", name);
            return dequantized[x] = name;
        }

        foreach (var node in model.Nodes)
        {
            if (folded.Contains(node.Name)) continue;
            // A residual Add whose inputs and output were all calibrated: DQ, DQ -> Add -> Q, ONNX Runtime's QLinearAdd.
            if (quantizeAdds && node.OpType == "Add" && node.Inputs.Concat(node.Outputs).All(calibration.Ranges.ContainsKey)
                && !model.OutputNames.Contains(node.Outputs[0]))
            {
                var addInputs = node.Inputs.Select(i => DequantizedInput(i, node.Name)).ToArray();
                string sum = node.Outputs[0];
                nodes.Add(AsGraphNode(Node(node.Name, "Add", addInputs, [sum + ".float"])));
                AddActivationPair(nodes, newInitializers, sum + ".float", Range(calibration, sum, node.Name), sum + ".quantized", sum, sum);
                dequantized[sum] = sum;
                continue;
            }
            if (!quantized.Contains(node.Name))
            {
                nodes.Add(new ProtobufWriter().Raw(node.Encoded)); // already a graph field (tag included)
                continue;
            }
            string x = node.Inputs[0], y = node.Outputs[0];
            var inputRange = Range(calibration, x, node.Name);
            string xDequantized = DequantizedInput(x, node.Name);
            string weight = QuantizeWeight(node, initializers, inputRange.Scale, newInitializers, weightNodes, out string? bias);

            // The output's range: the ReLU's when the ReLU is folded into the quantization.
            var next = consumers[y].ToArray();
            string quantizedTensor = y;
            if (next.Length == 1 && next[0].OpType == "Relu" && !model.OutputNames.Contains(y))
            {
                folded.Add(next[0].Name);
                quantizedTensor = next[0].Outputs[0];
            }
            var outputRange = Range(calibration, quantizedTensor, node.Name);
            string convOutput = quantizedTensor + ".float";
            nodes.Add(AsGraphNode(Node(node.Name, "Conv", bias is null ? [xDequantized, weight] : [xDequantized, weight, bias], [convOutput], node.Encoded)));
            // A DepthToSpace that alone reads the output only moves values: it runs on the uint8 tensor, before the
            // dequantization (the same numbers, a quarter of the bytes). Dequantizing the upsampler's wide output and
            // shuffling it in float32 was the int8 graph's largest serial cost (bench: MlNetSr.Bench ort-profile).
            var shuffle = consumers[quantizedTensor].ToArray() is [{ OpType: "DepthToSpace" } only] && !model.OutputNames.Contains(quantizedTensor) ? only : null;
            string dequantizedOutput = shuffle?.Outputs[0] ?? quantizedTensor;
            if (shuffle is not null) folded.Add(shuffle.Name);
            AddActivationPair(nodes, newInitializers, convOutput, outputRange, quantizedTensor + ".quantized", dequantizedOutput, quantizedTensor,
                shuffle is null ? null : q =>
                {
                    nodes.Add(AsGraphNode(Node(shuffle.Name, "DepthToSpace", [q], [dequantizedOutput + ".quantized"], shuffle.Encoded)));
                    return dequantizedOutput + ".quantized";
                });
            dequantized[dequantizedOutput] = dequantizedOutput;
        }

        var used = model.Nodes.Where(n => !folded.Contains(n.Name) && !quantized.Contains(n.Name))
            .SelectMany(n => n.Inputs).ToHashSet(StringComparer.Ordinal);
        var content = new ProtobufWriter();
        foreach (var node in weightNodes.Concat(nodes)) content.Raw(node.ToArray());
        foreach (var tensor in model.Initializers.Where(i => used.Contains(i.Name))) content.Raw(tensor.Encoded);
        foreach (var tensor in newInitializers) content.Message(5, tensor);
        foreach (var input in model.Inputs) content.Raw(input);
        foreach (var output in model.Outputs) content.Raw(output);
        return model.Write(content, Metadata(calibration, convs.Length, quantized.Count, floatLayers));
    }

    private static ProtobufWriter Metadata(Int8Calibration calibration, int convs, int quantized, IReadOnlyCollection<string> floatLayers) =>
        new ProtobufWriter().String(1, MetadataKey).String(2,
            $"QDQ int8: {quantized}/{convs} Conv layers with per-channel symmetric int8 weights and uint8 activations " +
            $"(MSE-optimal ranges from {calibration.Patches} LR patches of {calibration.Images} images); " +
            $"float32 layers: {(floatLayers.Count == 0 ? "none" : string.Join(",", floatLayers))}");

    private static ActivationRange Range(Int8Calibration calibration, string tensor, string node) =>
        calibration.Ranges.TryGetValue(tensor, out var range) ? range
            : throw new ArgumentException($"calibration has no range for tensor '{tensor}' of {node}: calibrate this model, not another");

    // QuantizeLinear(tensor) -> [between: nodes on the uint8 tensor] -> DequantizeLinear -> output, with uint8 scale/zero
    // point initializers named after `prefix`.
    private static void AddActivationPair(List<ProtobufWriter> nodes, List<ProtobufWriter> initializers, string tensor,
        ActivationRange range, string quantizedName, string outputName, string? prefix = null, Func<string, string>? between = null)
    {
        prefix ??= tensor;
        string scale = prefix + ".scale", zeroPoint = prefix + ".zero_point";
        initializers.Add(Tensor(scale, [], OnnxTensorPart.Float, MemoryMarshal.AsBytes(new[] { range.Scale }.AsSpan()).ToArray()));
        initializers.Add(Tensor(zeroPoint, [], OnnxTensorPart.UInt8, [(byte)range.ZeroPoint]));
        nodes.Add(AsGraphNode(Node(prefix + ".quantize", "QuantizeLinear", [tensor, scale, zeroPoint], [quantizedName])));
        string dequantizeInput = between?.Invoke(quantizedName) ?? quantizedName;
        nodes.Add(AsGraphNode(Node(prefix + ".dequantize", "DequantizeLinear", [dequantizeInput, scale, zeroPoint], [outputName])));
    }

    // Per output channel: scale = max|w| / 127, q = round(w / scale); the bias as int32 at input scale x weight scale.
    private static string QuantizeWeight(OnnxNodePart conv, Dictionary<string, OnnxTensorPart> initializers, float inputScale,
        List<ProtobufWriter> newInitializers, List<ProtobufWriter> weightNodes, out string? bias)
    {
        if (!initializers.TryGetValue(conv.Inputs[1], out var weight) || weight.Dims.Count != 4)
            throw new InvalidDataException($"{conv.Name}: the weight {conv.Inputs[1]} is not a 4-D initializer");
        var w = weight.FloatValues();
        int outputs = (int)weight.Dims[0], perChannel = w.Length / outputs;
        var scales = new float[outputs];
        var q = new sbyte[w.Length];
        for (int o = 0; o < outputs; o++)
        {
            float absMax = 0;
            for (int k = 0; k < perChannel; k++) absMax = Math.Max(absMax, Math.Abs(w[o * perChannel + k]));
            scales[o] = absMax > 0 ? absMax / 127f : 1f;
            for (int k = 0; k < perChannel; k++)
                q[o * perChannel + k] = (sbyte)Math.Clamp(Math.Round(w[o * perChannel + k] / scales[o]), -127, 127);
        }
        string prefix = conv.Name + ".weight";
        newInitializers.Add(Tensor(prefix + ".int8", weight.Dims, OnnxTensorPart.Int8, MemoryMarshal.AsBytes(q.AsSpan()).ToArray()));
        newInitializers.Add(Tensor(prefix + ".scale", [outputs], OnnxTensorPart.Float, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
        newInitializers.Add(Tensor(prefix + ".zero_point", [outputs], OnnxTensorPart.Int8, new byte[outputs]));
        weightNodes.Add(AsGraphNode(Node(prefix + ".dequantize", "DequantizeLinear", [prefix + ".int8", prefix + ".scale", prefix + ".zero_point"],
            [prefix + ".dequantized"], axis: 0)));

        bias = null;
        if (conv.Inputs.Count < 3 || conv.Inputs[2].Length == 0) return prefix + ".dequantized";
        if (!initializers.TryGetValue(conv.Inputs[2], out var biasTensor))
            throw new InvalidDataException($"{conv.Name}: the bias {conv.Inputs[2]} is not an initializer");
        var b = biasTensor.FloatValues();
        var biasScales = new float[outputs];
        var qb = new int[outputs];
        for (int o = 0; o < outputs; o++)
        {
            biasScales[o] = inputScale * scales[o];
            qb[o] = (int)Math.Clamp(Math.Round(b[o] / biasScales[o]), int.MinValue, int.MaxValue);
        }
        string biasPrefix = conv.Name + ".bias";
        newInitializers.Add(Tensor(biasPrefix + ".int32", [outputs], OnnxTensorPart.Int32, MemoryMarshal.AsBytes(qb.AsSpan()).ToArray()));
        newInitializers.Add(Tensor(biasPrefix + ".scale", [outputs], OnnxTensorPart.Float, MemoryMarshal.AsBytes(biasScales.AsSpan()).ToArray()));
        newInitializers.Add(Tensor(biasPrefix + ".zero_point", [outputs], OnnxTensorPart.Int32, new byte[outputs * 4]));
        weightNodes.Add(AsGraphNode(Node(biasPrefix + ".dequantize", "DequantizeLinear", [biasPrefix + ".int32", biasPrefix + ".scale", biasPrefix + ".zero_point"],
            [biasPrefix + ".dequantized"], axis: 0)));
        bias = biasPrefix + ".dequantized";
        return prefix + ".dequantized";
    }

    // GraphProto.node (field 1) around a NodeProto.
    private static ProtobufWriter AsGraphNode(ProtobufWriter node) => new ProtobufWriter().Message(1, node);

    // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5 (copied from `attributesOf` when given).
    private static ProtobufWriter Node(string name, string opType, string[] inputs, string[] outputs, ReadOnlyMemory<byte>? attributesOf = null,
        long? axis = null)
    {
        var proto = new ProtobufWriter();
        foreach (string input in inputs) proto.String(1, input);
        foreach (string output in outputs) proto.String(2, output);
        proto.String(3, name).String(4, opType);
        if (attributesOf is { } encoded)
            foreach (var field in ProtobufReader.Fields(ProtobufReader.Fields(encoded).Single().Payload))
                if (field.Number == 5) proto.Raw(field.Encoded);
        if (axis is long a) proto.Message(5, new ProtobufWriter().String(1, "axis").Int64(3, a).Int64(20, 2)); // INT attribute
        return proto;
    }

    // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian).
    private static ProtobufWriter Tensor(string name, IReadOnlyList<long> dims, int dataType, byte[] raw)
    {
        var proto = new ProtobufWriter();
        foreach (long d in dims) proto.Int64(1, d);
        return proto.Int64(2, dataType).String(8, name).Bytes(9, raw);
    }
}
