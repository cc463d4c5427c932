using MlNetSr.Onnx;
using System.Runtime.InteropServices;

namespace MlNetSr.Trainer.Onnx;

/// <summary>
/// Encodes an <see cref="OnnxModel"/> as an ONNX ModelProto. Field numbers are those of onnx/onnx.proto
/// (proto2; repeated scalars are written unpacked, which every reader accepts).
/// </summary>
internal static class OnnxModelWriter
{
    private const int TensorFloat = 1;        // TensorProto.DataType.FLOAT
    private const int AttributeInt = 2;       // AttributeProto.AttributeType.INT
    private const int AttributeString = 3;    // STRING
    private const int AttributeInts = 7;      // INTS

    public static void Write(OnnxModel model, Stream stream) => Model(model).WriteTo(stream);

    public static byte[] ToBytes(OnnxModel model) => Model(model).ToArray();

    private static ProtobufWriter Model(OnnxModel model)
    {
        var proto = new ProtobufWriter()
            .Int64(1, model.IrVersion)                                                    // ir_version
            .String(2, model.ProducerName)                                                // producer_name
            .String(3, model.ProducerVersion)                                             // producer_version
            .String(6, model.DocString)                                                   // doc_string
            .Message(7, Graph(model.Graph))                                               // graph
            .Message(8, new ProtobufWriter().String(1, "").Int64(2, model.Opset));        // opset_import: domain, version
        foreach (var (key, value) in model.Metadata)
            proto.Message(14, new ProtobufWriter().String(1, key).String(2, value));      // metadata_props
        return proto;
    }

    private static ProtobufWriter Graph(OnnxGraph graph)
    {
        var proto = new ProtobufWriter();
        foreach (var node in graph.Nodes) proto.Message(1, Node(node));                  // node
        proto.String(2, graph.Name);                                                      // name
        foreach (var tensor in graph.Initializers) proto.Message(5, Tensor(tensor));     // initializer
        foreach (var input in graph.Inputs) proto.Message(11, ValueInfo(input));         // input
        foreach (var output in graph.Outputs) proto.Message(12, ValueInfo(output));      // output
        return proto;
    }

    private static ProtobufWriter Node(OnnxNode node)
    {
        var proto = new ProtobufWriter();
        foreach (string input in node.Inputs) proto.String(1, input);
        foreach (string output in node.Outputs) proto.String(2, output);
        proto.String(3, node.Name).String(4, node.OpType);
        foreach (var attribute in node.Attributes) proto.Message(5, Attribute(attribute));
        return proto;
    }

    private static ProtobufWriter Attribute(OnnxAttribute attribute)
    {
        var proto = new ProtobufWriter().String(1, attribute.Name);                       // name
        if (attribute.Int is long i) proto.Int64(3, i).Int64(20, AttributeInt);           // i, type
        else if (attribute.Ints is { } ints)
        {
            foreach (long v in ints) proto.Int64(8, v);                                   // ints
            proto.Int64(20, AttributeInts);
        }
        else if (attribute.String is { } s) proto.String(4, s).Int64(20, AttributeString); // s (bytes), type
        else throw new ArgumentException($"attribute {attribute.Name} has no value", nameof(attribute));
        return proto;
    }

    private static ProtobufWriter Tensor(OnnxTensor tensor)
    {
        // raw_data is little-endian by the ONNX spec; MemoryMarshal reinterprets the floats in host order.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data export needs a little-endian host");
        var proto = new ProtobufWriter();
        foreach (long d in tensor.Dims) proto.Int64(1, d);                                // dims
        proto.Int64(2, TensorFloat)                                                       // data_type
            .String(8, tensor.Name)                                                       // name
            .Bytes(9, MemoryMarshal.AsBytes(tensor.Values.AsSpan()).ToArray());           // raw_data
        return proto;
    }

    private static ProtobufWriter ValueInfo(OnnxValueInfo info)
    {
        var shape = new ProtobufWriter();
        foreach (object dim in info.Dims)
        {
            var dimension = dim switch
            {
                long size => new ProtobufWriter().Int64(1, size),                         // dim_value
                int size => new ProtobufWriter().Int64(1, size),
                string name => new ProtobufWriter().String(2, name),                      // dim_param
                _ => throw new ArgumentException($"{info.Name}: a dimension is a size or a name, got {dim}", nameof(info)),
            };
            shape.Message(1, dimension);                                                  // TensorShapeProto.dim
        }
        var tensorType = new ProtobufWriter().Int64(1, TensorFloat).Message(2, shape);   // elem_type, shape
        var type = new ProtobufWriter().Message(1, tensorType);                           // TypeProto.tensor_type
        return new ProtobufWriter().String(1, info.Name).Message(2, type);                // name, type
    }
}
