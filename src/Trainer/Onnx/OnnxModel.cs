namespace MlNetSr.Trainer.Onnx;

/// <summary>
/// The subset of an ONNX model the exporter produces: one graph of float32 tensors, a default-domain opset,
/// metadata. <see cref="OnnxModelWriter"/> turns it into ModelProto bytes.
/// </summary>
internal sealed record OnnxModel(
    long IrVersion,
    long Opset,
    string ProducerName,
    string ProducerVersion,
    string DocString,
    OnnxGraph Graph,
    IReadOnlyList<KeyValuePair<string, string>> Metadata);

internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>An operator of the default ONNX domain.</summary>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes)
{
    public OnnxAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}

/// <summary>An INT, INTS or STRING attribute (exactly one of the values is set).</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, IReadOnlyList<long>? Ints = null, string? String = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);

    public static OnnxAttribute Of(string name, string value) => new(name, String: value);
}

/// <summary>A float32 initializer; an empty <see cref="Dims"/> is a scalar.</summary>
internal sealed record OnnxTensor(string Name, IReadOnlyList<long> Dims, float[] Values);

/// <summary>A float32 graph input or output; each dimension is a fixed size (long) or a symbolic name (string).</summary>
internal sealed record OnnxValueInfo(string Name, IReadOnlyList<object> Dims);
