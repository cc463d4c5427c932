using MlNetSr.Onnx;

namespace MlNetSr.Quantization;

/// <summary>A graph node as read from the file: what the quantizer needs to rewire it, and its bytes to copy it unchanged.</summary>
internal sealed record OnnxNodePart(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    ReadOnlyMemory<byte> Encoded);

/// <summary>An initializer as read from the file; <see cref="RawData"/> is empty when the values are not in raw_data.</summary>
internal sealed record OnnxTensorPart(string Name, IReadOnlyList<long> Dims, int DataType, ReadOnlyMemory<byte> RawData,
    ReadOnlyMemory<byte> Encoded)
{
    public const int Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6; // TensorProto.DataType

    /// <summary>The float32 values (raw_data, little-endian); one clear error for any other layout.</summary>
    public float[] FloatValues()
    {
        long count = Dims.Aggregate(1L, (a, d) => a * d);
        if (DataType != Float || RawData.Length != count * 4)
            throw new InvalidDataException($"initializer {Name}: expected float32 raw_data of {count} values (type {DataType}, {RawData.Length} bytes)");
        var values = new float[count];
        RawData.Span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}

/// <summary>
/// An ONNX model split into what a graph rewrite touches (nodes, initializers, graph inputs and outputs) and
/// everything else, kept as encoded bytes (ModelProto and GraphProto field numbers of onnx/onnx.proto).
/// </summary>
internal sealed class OnnxGraphParts
{
    private const int ModelGraph = 7, GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12, ModelMetadata = 14;

    /// <summary>ModelProto fields before and after the graph, byte for byte.</summary>
    public required ReadOnlyMemory<byte>[] ModelFieldsBeforeGraph { get; init; }
    public required ReadOnlyMemory<byte>[] ModelFieldsAfterGraph { get; init; }
    /// <summary>GraphProto fields other than nodes, initializers, inputs and outputs (name, doc, value_info).</summary>
    public required ReadOnlyMemory<byte>[] OtherGraphFields { get; init; }
    public required IReadOnlyList<OnnxNodePart> Nodes { get; init; }
    public required IReadOnlyList<OnnxTensorPart> Initializers { get; init; }
    public required IReadOnlyList<ReadOnlyMemory<byte>> Inputs { get; init; }
    public required IReadOnlyList<ReadOnlyMemory<byte>> Outputs { get; init; }
    public required IReadOnlyList<string> InputNames { get; init; }
    public required IReadOnlyList<string> OutputNames { get; init; }

    public static OnnxGraphParts Parse(byte[] model)
    {
        var modelFields = ProtobufReader.Fields(model);
        int graphIndex = modelFields.FindIndex(f => f.Number == ModelGraph && f.WireType == 2);
        if (graphIndex < 0) throw new InvalidDataException("not an ONNX model: no graph");
        var nodes = new List<OnnxNodePart>();
        var initializers = new List<OnnxTensorPart>();
        var inputs = new List<ReadOnlyMemory<byte>>();
        var outputs = new List<ReadOnlyMemory<byte>>();
        var inputNames = new List<string>();
        var outputNames = new List<string>();
        var other = new List<ReadOnlyMemory<byte>>();
        foreach (var field in ProtobufReader.Fields(modelFields[graphIndex].Payload))
        {
            switch (field.Number)
            {
                case GraphNode: nodes.Add(Node(field)); break;
                case GraphInitializer: initializers.Add(Tensor(field)); break;
                case GraphInput:
                    inputs.Add(field.Encoded);
                    inputNames.Add(NameOf(field.Payload));
                    break;
                case GraphOutput:
                    outputs.Add(field.Encoded);
                    outputNames.Add(NameOf(field.Payload));
                    break;
                default: other.Add(field.Encoded); break;
            }
        }
        return new OnnxGraphParts
        {
            ModelFieldsBeforeGraph = modelFields.Take(graphIndex).Select(f => f.Encoded).ToArray(),
            ModelFieldsAfterGraph = modelFields.Skip(graphIndex + 1).Select(f => f.Encoded).ToArray(),
            OtherGraphFields = [.. other],
            Nodes = nodes,
            Initializers = initializers,
            Inputs = inputs,
            Outputs = outputs,
            InputNames = inputNames,
            OutputNames = outputNames,
        };
    }

    /// <summary>A ModelProto with this model's fields, the given graph content (nodes, initializers, inputs, outputs) and
    /// optionally one more metadata_props entry (StringStringEntryProto).</summary>
    public byte[] Write(ProtobufWriter graphContent, ProtobufWriter? extraMetadata = null)
    {
        var graph = new ProtobufWriter();
        foreach (var field in OtherGraphFields) graph.Raw(field);
        graph.Raw(graphContent.ToArray());
        var model = new ProtobufWriter();
        foreach (var field in ModelFieldsBeforeGraph) model.Raw(field);
        model.Message(ModelGraph, graph);
        foreach (var field in ModelFieldsAfterGraph) model.Raw(field);
        if (extraMetadata is not null) model.Message(ModelMetadata, extraMetadata);
        return model.ToArray();
    }

    private static OnnxNodePart Node(ProtobufField field)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = "", opType = "";
        foreach (var f in ProtobufReader.Fields(field.Payload))
        {
            if (f.Number == 1) inputs.Add(f.Text);
            else if (f.Number == 2) outputs.Add(f.Text);
            else if (f.Number == 3) name = f.Text;
            else if (f.Number == 4) opType = f.Text;
        }
        return new OnnxNodePart(name, opType, inputs, outputs, field.Encoded);
    }

    private static OnnxTensorPart Tensor(ProtobufField field)
    {
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        ReadOnlyMemory<byte> raw = default;
        foreach (var f in ProtobufReader.Fields(field.Payload))
        {
            if (f.Number == 1 && f.WireType == 0) dims.Add((long)f.Varint);
            else if (f.Number == 1 && f.WireType == 2) dims.AddRange(ProtobufReader.PackedVarints(f.Payload.Span).Select(d => (long)d));
            else if (f.Number == 2) dataType = (int)f.Varint;
            else if (f.Number == 8) name = f.Text;
            else if (f.Number == 9) raw = f.Payload;
        }
        return new OnnxTensorPart(name, dims, dataType, raw, field.Encoded);
    }

    private static string NameOf(ReadOnlyMemory<byte> valueInfo) =>
        ProtobufReader.Fields(valueInfo).FirstOrDefault(f => f.Number == 1).Text ?? "";
}
