using System.Globalization;
using System.Text;

namespace MlNetSr.Onnx;

/// <summary>
/// Checks an ONNX file's structure before ONNX Runtime sees it, so that a malformed or hostile model ends in one
/// <see cref="InvalidDataException"/> naming the file instead of a native error, a crash or a huge allocation:
/// the protobuf parses to the end at every level; IR version and opset are in range; every tensor (initializers,
/// Constant attributes, subgraphs) carries exactly the bytes its dims and type declare, inline (no external data
/// files); the graph has one image input [N,3,H,W] float and a float rank-4 output; MlNetSr metadata are numbers
/// in range. What it does not bound is the work the graph does when it runs (README, "Model files from strangers").
/// </summary>
public static class OnnxModelCheck
{
    /// <summary>Largest ONNX file accepted: protobuf itself cannot encode a message over 2 GiB.</summary>
    public const long MaxFileBytes = int.MaxValue;

    /// <summary>IR versions accepted (ONNX 1.2 to 1.18).</summary>
    public const int MinIrVersion = 3, MaxIrVersion = 11;

    /// <summary>Default-domain opsets accepted (MlNetSr exports 17).</summary>
    public const int MinOpset = 7, MaxOpset = 23;

    /// <summary>Most nodes in all graphs (EDSR paper: ~200).</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Most dimensions of a tensor.</summary>
    public const int MaxRank = 16;

    /// <summary>Deepest nesting of subgraphs (If/Loop bodies) accepted.</summary>
    public const int MaxGraphDepth = 8;

    /// <summary>Scales <c>mlnetsr.scale</c> may state.</summary>
    public const int MaxScale = 16;

    private const int FloatType = 1, StringType = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // ONNX TensorProto.DataType -> bytes per element (0: variable, strings); types an SR model cannot need are absent.
    private static readonly Dictionary<long, int> ElementSizes = new()
    {
        [1] = 4, [2] = 1, [3] = 1, [4] = 2, [5] = 2, [6] = 4, [7] = 8, [8] = 0, [9] = 1, [10] = 2, [11] = 8,
        [12] = 4, [13] = 8, [14] = 8, [15] = 16, [16] = 2,
    };

    /// <summary>Checks <paramref name="model"/>; <paramref name="name"/> is the file name errors use.</summary>
    /// <exception cref="InvalidDataException">The model is malformed, declares sizes its bytes do not hold, or is not an image model.</exception>
    public static void Check(ReadOnlyMemory<byte> model, string name)
    {
        try { new Walk(name, model.Length).Model(model); }
        catch (InvalidDataException e) when (!e.Message.StartsWith(name + ":", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: {e.Message}", e);
        }
    }

    /// <summary>The file's size is checked before it is read: a model over <see cref="MaxFileBytes"/> cannot be valid.</summary>
    public static void CheckFileSize(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new InvalidDataException($"{path}: {length} bytes, more than an ONNX file can hold ({MaxFileBytes})");
    }

    private sealed class Walk(string name, long fileBytes)
    {
        private int nodes;

        public void Model(ReadOnlyMemory<byte> bytes)
        {
            long? irVersion = null, opset = null;
            ReadOnlyMemory<byte>? graph = null;
            foreach (var field in ProtobufReader.Fields(bytes))
            {
                switch (field.Number)
                {
                    case 1: irVersion = (long)Varint(field, "ir_version"); break;
                    case 7: graph = Message(field, "graph"); break;
                    case 8: opset = Opset(Message(field, "opset_import")) ?? opset; break;
                    case 14: Metadata(Message(field, "metadata_props")); break;
                    case 2 or 3 or 4 or 6: Text(field, "producer, domain or doc_string"); break;
                }
            }
            if (irVersion is not long ir || ir < MinIrVersion || ir > MaxIrVersion)
                throw Bad($"IR version {irVersion?.ToString(CultureInfo.InvariantCulture) ?? "missing"} is not in {MinIrVersion}..{MaxIrVersion}");
            if (opset is not long op || op < MinOpset || op > MaxOpset)
                throw Bad($"default-domain opset {opset?.ToString(CultureInfo.InvariantCulture) ?? "missing"} is not in {MinOpset}..{MaxOpset}");
            if (graph is not { } g) throw Bad("the model has no graph");
            Graph(g, 0, topLevel: true);
        }

        private long? Opset(ReadOnlyMemory<byte> entry)
        {
            string domain = "";
            long? version = null;
            foreach (var field in ProtobufReader.Fields(entry))
            {
                if (field.Number == 1) domain = Text(field, "opset domain");
                else if (field.Number == 2) version = (long)Varint(field, "opset version");
            }
            return domain is "" or "ai.onnx" ? version ?? throw Bad("an opset_import has no version") : null;
        }

        private void Metadata(ReadOnlyMemory<byte> entry)
        {
            string key = "", value = "";
            foreach (var field in ProtobufReader.Fields(entry))
            {
                if (field.Number == 1) key = Text(field, "metadata key");
                else if (field.Number == 2) value = Text(field, "metadata value");
            }
            var range = key switch
            {
                "mlnetsr.scale" => (2, MaxScale),
                "mlnetsr.receptive_field_lr" or "mlnetsr.features" => (0, 1_000_000),
                _ => ((int, int)?)null,
            };
            if (range is var (low, high) && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= low && number <= high))
                throw Bad($"metadata {key} = '{(value.Length > 40 ? value[..40] + "..." : value)}' is not a whole number in {low}..{high}");
        }

        private void Graph(ReadOnlyMemory<byte> bytes, int depth, bool topLevel)
        {
            if (depth > MaxGraphDepth) throw Bad($"subgraphs nested more than {MaxGraphDepth} deep");
            var initializers = new HashSet<string>(StringComparer.Ordinal);
            var inputs = new List<(string Name, ReadOnlyMemory<byte> Info)>();
            var outputs = new List<(string Name, ReadOnlyMemory<byte> Info)>();
            foreach (var field in ProtobufReader.Fields(bytes))
            {
                switch (field.Number)
                {
                    case 1: Node(Message(field, "node"), depth); break;
                    case 5: initializers.Add(Tensor(Message(field, "initializer"))); break;
                    case 15: throw Bad("sparse initializers are not supported");
                    case 11: inputs.Add(ValueInfo(Message(field, "graph input"))); break;
                    case 12: outputs.Add(ValueInfo(Message(field, "graph output"))); break;
                    case 13: ValueInfo(Message(field, "value_info")); break;
                    case 2 or 10: Text(field, "graph name or doc_string"); break;
                }
            }
            if (!topLevel) return;
            var images = inputs.Where(i => !initializers.Contains(i.Name)).ToList();
            if (images.Count != 1)
                throw Bad($"the graph has {images.Count} inputs ({string.Join(", ", images.Select(i => i.Name))}); an SR model has one image input [N,3,H,W]");
            ImageType(images[0], "input", channelsMustBe3: true);
            if (outputs.Count == 0) throw Bad("the graph has no output");
            ImageType(outputs[0], "output", channelsMustBe3: false);
        }

        private void Node(ReadOnlyMemory<byte> bytes, int depth)
        {
            if (++nodes > MaxNodes) throw Bad($"more than {MaxNodes} nodes");
            bool hasOp = false;
            foreach (var field in ProtobufReader.Fields(bytes))
            {
                if (field.Number == 4) hasOp = Text(field, "op_type").Length > 0;
                else if (field.Number == 5) Attribute(Message(field, "attribute"), depth);
            }
            if (!hasOp) throw Bad("a node has no op_type");
        }

        private void Attribute(ReadOnlyMemory<byte> bytes, int depth)
        {
            foreach (var field in ProtobufReader.Fields(bytes))
            {
                switch (field.Number)
                {
                    case 5 or 10: Tensor(Message(field, "attribute tensor")); break;
                    case 6 or 11: Graph(Message(field, "attribute graph"), depth + 1, topLevel: false); break;
                    case 22 or 23: throw Bad("sparse tensor attributes are not supported");
                }
            }
        }

        // Returns the tensor's name; refuses dims or data that disagree, and data kept outside the file.
        private string Tensor(ReadOnlyMemory<byte> bytes)
        {
            var dims = new List<long>();
            long dataType = 0, values = 0;
            int? rawBytes = null;
            string tensorName = "";
            foreach (var field in ProtobufReader.Fields(bytes))
            {
                switch (field.Number)
                {
                    case 1:
                        foreach (ulong d in field.WireType == 2 ? ProtobufReader.PackedVarints(field.Payload.Span) : [field.Varint])
                            dims.Add((long)d);
                        break;
                    case 2: dataType = (long)Varint(field, "data_type"); break;
                    case 8: tensorName = Text(field, "tensor name"); break;
                    case 9: rawBytes = (rawBytes ?? 0) + field.Payload.Length; break;
                    case 4: values += field.WireType == 2 ? field.Payload.Length / 4 : 1; break;
                    case 10: values += field.WireType == 2 ? field.Payload.Length / 8 : 1; break;
                    case 5 or 7 or 11: values += field.WireType == 2 ? ProtobufReader.PackedVarints(field.Payload.Span).Count : 1; break;
                    case 6: values++; break;
                    case 13 or 14 when field.WireType != 0 || field.Varint != 0:
                        throw Bad($"tensor '{tensorName}' keeps its data in an external file; only self-contained models are loaded");
                }
            }
            string shown = tensorName.Length > 60 ? tensorName[..60] + "..." : tensorName;
            if (!ElementSizes.TryGetValue(dataType, out int size)) throw Bad($"tensor '{shown}' has data_type {dataType}, which is not supported");
            if (dims.Count > MaxRank || dims.Any(d => d < 0))
                throw Bad($"tensor '{shown}' has impossible dims [{string.Join(",", dims.Take(MaxRank + 1))}]");
            Int128 elements = 1;
            foreach (long d in dims) elements = Int128.Min(elements * d, long.MaxValue); // capped: cannot overflow
            if (elements > fileBytes)
                throw Bad($"tensor '{shown}' declares dims [{string.Join(",", dims)}] = {elements} elements, more than the file's {fileBytes} bytes can hold");
            Int128 needed = elements * size;
            if (rawBytes is int raw)
            {
                if (dataType == StringType) throw Bad($"string tensor '{shown}' has raw data");
                if (raw != needed) throw Bad($"tensor '{shown}' declares dims [{string.Join(",", dims)}] ({needed} bytes) but holds {raw} bytes");
            }
            else
            {
                Int128 expected = dataType is 14 or 15 ? elements * 2 : elements;
                if (values != expected) throw Bad($"tensor '{shown}' declares dims [{string.Join(",", dims)}] ({elements} elements) but holds {values} values");
            }
            return tensorName;
        }

        private (string Name, ReadOnlyMemory<byte> Info) ValueInfo(ReadOnlyMemory<byte> bytes)
        {
            string valueName = "";
            foreach (var field in ProtobufReader.Fields(bytes))
                if (field.Number == 1) valueName = Text(field, "value name");
            return (valueName, bytes);
        }

        // ValueInfoProto.type.tensor_type: float, rank 4, and (for the input) 3 channels or a symbolic channel count.
        private void ImageType((string Name, ReadOnlyMemory<byte> Info) value, string role, bool channelsMustBe3)
        {
            long elementType = 0;
            var dims = new List<long?>();
            bool hasShape = false;
            foreach (var type in ProtobufReader.Fields(value.Info).Where(f => f.Number == 2))
                foreach (var tensorType in ProtobufReader.Fields(Message(type, "type")).Where(f => f.Number == 1))
                    foreach (var field in ProtobufReader.Fields(Message(tensorType, "tensor_type")))
                    {
                        if (field.Number == 1) elementType = (long)Varint(field, "elem_type");
                        else if (field.Number == 2)
                        {
                            hasShape = true;
                            foreach (var dim in ProtobufReader.Fields(Message(field, "shape")).Where(f => f.Number == 1))
                            {
                                long? size = null;
                                foreach (var part in ProtobufReader.Fields(Message(dim, "dim")))
                                    if (part.Number == 1) size = (long)Varint(part, "dim_value");
                                dims.Add(size);
                            }
                        }
                    }
            string shape = string.Join(",", dims.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "?"));
            if (elementType != FloatType) throw Bad($"{role} '{value.Name}' has element type {elementType}; an SR model takes and gives float32");
            if (!hasShape || dims.Count != 4) throw Bad($"{role} '{value.Name}' has shape [{shape}]; an [N,3,H,W] image is needed");
            if (dims.Any(d => d is long known && known <= 0)) throw Bad($"{role} '{value.Name}' has shape [{shape}] with a dimension below 1");
            if (channelsMustBe3 && dims[1] is long channels && channels != 3)
                throw Bad($"{role} '{value.Name}' has shape [{shape}]; a [N,3,H,W] image input is needed");
        }

        private ReadOnlyMemory<byte> Message(ProtobufField field, string what) =>
            field.WireType == 2 ? field.Payload : throw Bad($"{what} has wire type {field.WireType}, not a message");

        private ulong Varint(ProtobufField field, string what) =>
            field.WireType == 0 ? field.Varint : throw Bad($"{what} has wire type {field.WireType}, not a number");

        // Strict UTF-8 without NUL: ONNX Runtime's managed wrapper fails with a NullReferenceException on such
        // strings when it reads the metadata (found by the fuzz tests, Fixtures/fuzz-models/seed-200659.onnx).
        private string Text(ProtobufField field, string what)
        {
            if (field.WireType != 2) throw Bad($"{what} has wire type {field.WireType}, not text");
            string text;
            try { text = StrictUtf8.GetString(field.Payload.Span); }
            catch (DecoderFallbackException) { throw Bad($"{what} is not valid UTF-8 text"); }
            return text.Contains('\0', StringComparison.Ordinal) ? throw Bad($"{what} contains a NUL character") : text;
        }

        private InvalidDataException Bad(string what) => new($"{name}: not a usable ONNX model: {what}");
    }
}
