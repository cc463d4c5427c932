namespace MlNetSr.Onnx;

/// <summary>
/// Rewrites an SR model ([1,3,H,W] -> [1,3,sH,sW]) so ML.NET's ApplyOnnxModel can run it on images of any size:
/// ApplyOnnxModel accepts one unknown dimension per tensor, so the image travels as a flat [1, L] vector plus its
/// shape, and the graph reshapes it on the way in and flattens the result on the way out (also returning the
/// result's shape). The original nodes and weights are kept byte for byte.
/// </summary>
internal static class FlatImageGraph
{
    public const string PixelsInput = "mlnetsr_pixels", ShapeInput = "mlnetsr_shape";
    public const string PixelsOutput = "mlnetsr_sr_pixels", ShapeOutput = "mlnetsr_sr_shape";
    private const string FlatShape = "mlnetsr_flat_shape";

    private const int FloatType = 1, Int64Type = 7;

    public static byte[] Wrap(ReadOnlyMemory<byte> model, string modelName)
    {
        var modelFields = ProtobufReader.Fields(model);
        var graphs = modelFields.Where(f => f.Number == 7 && f.WireType == 2).ToList();
        if (graphs.Count != 1) throw new InvalidDataException($"{modelName}: not an ONNX model (no graph)");

        var graphFields = ProtobufReader.Fields(graphs[0].Payload);
        var initializers = graphFields.Where(f => f.Number == 5)
            .Select(f => ProtobufReader.Fields(f.Payload).FirstOrDefault(t => t.Number == 8).Text).ToHashSet();
        var inputs = graphFields.Where(f => f.Number == 11).Select(NameOf).Where(n => !initializers.Contains(n)).ToList();
        var outputs = graphFields.Where(f => f.Number == 12).Select(NameOf).ToList();
        if (inputs.Count != 1 || outputs.Count != 1)
            throw new InvalidDataException($"{modelName}: an SR model has one image input and one image output; this one has {inputs.Count} input(s) ({string.Join(", ", inputs)}) and {outputs.Count} output(s)");

        var graph = new ProtobufWriter();
        foreach (var field in graphFields.Where(f => f.Number is not (11 or 12))) graph.Raw(field.Encoded);
        graph.Message(1, Node("Reshape", [PixelsInput, ShapeInput], [inputs[0]]))
             .Message(1, Node("Shape", [outputs[0]], [ShapeOutput]))
             .Message(1, Node("Reshape", [outputs[0], FlatShape], [PixelsOutput]))
             .Message(5, Int64Tensor(FlatShape, [1, -1]))
             .Message(11, ValueInfo(PixelsInput, FloatType, [1L, "pixels"]))
             .Message(11, ValueInfo(ShapeInput, Int64Type, [4L]))
             .Message(12, ValueInfo(PixelsOutput, FloatType, [1L, "sr_pixels"]))
             .Message(12, ValueInfo(ShapeOutput, Int64Type, [4L]));

        var rewritten = new ProtobufWriter();
        foreach (var field in modelFields.Where(f => f.Number != 7)) rewritten.Raw(field.Encoded);
        return rewritten.Message(7, graph).ToArray();
    }

    private static string NameOf(ProtobufField valueInfo) =>
        ProtobufReader.Fields(valueInfo.Payload).FirstOrDefault(f => f.Number == 1).Text ?? "";

    private static ProtobufWriter Node(string op, string[] inputs, string[] outputs)
    {
        var node = new ProtobufWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        return node.String(3, $"mlnetsr_{op}_{outputs[0]}").String(4, op);
    }

    private static ProtobufWriter Int64Tensor(string name, long[] values)
    {
        var tensor = new ProtobufWriter().Int64(1, values.Length).Int64(2, Int64Type).String(8, name);
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        return tensor.Bytes(9, raw);
    }

    // Dimensions: a long is a fixed size, a string a symbolic one.
    private static ProtobufWriter ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new ProtobufWriter();
        foreach (var dim in dims)
            shape.Message(1, dim is long size ? new ProtobufWriter().Int64(1, size) : new ProtobufWriter().String(2, (string)dim));
        var tensorType = new ProtobufWriter().Int64(1, elementType).Message(2, shape);
        return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
    }
}
