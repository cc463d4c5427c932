namespace MlNetSr.Onnx;

/// <summary>One top-level field of a protobuf message: its number, wire type, value and its bytes as encoded.</summary>
internal readonly record struct ProtobufField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Encoded)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>
/// Splits a protobuf message into its top-level fields without a schema: enough to rewrite an ONNX model's graph
/// (keep most fields byte for byte, replace a few) without parsing the weights.
/// </summary>
internal static class ProtobufReader
{
    public static List<ProtobufField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtobufField>();
        var span = message.Span;
        int position = 0;
        while (position < span.Length)
        {
            int start = position;
            ulong tag = ReadVarint(span, ref position);
            int number = (int)(tag >> 3), wireType = (int)(tag & 7);
            ulong varint = 0;
            ReadOnlyMemory<byte> payload = default;
            switch (wireType)
            {
                case 0: varint = ReadVarint(span, ref position); break;
                case 1: payload = Take(message, ref position, 8); break;
                case 5: payload = Take(message, ref position, 4); break;
                case 2:
                    ulong length = ReadVarint(span, ref position);
                    if (length > (ulong)(span.Length - position)) throw Corrupt($"field {number} claims {length} bytes");
                    payload = Take(message, ref position, (int)length);
                    break;
                default: throw Corrupt($"field {number} has unsupported wire type {wireType}");
            }
            fields.Add(new ProtobufField(number, wireType, varint, payload, message[start..position]));
        }
        return fields;
    }

    /// <summary>The values of a packed repeated varint field (e.g. a tensor's dims).</summary>
    public static List<ulong> PackedVarints(ReadOnlySpan<byte> payload)
    {
        var values = new List<ulong>();
        int position = 0;
        while (position < payload.Length) values.Add(ReadVarint(payload, ref position));
        return values;
    }

    private static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> message, ref int position, int length)
    {
        if (position + length > message.Length) throw Corrupt("message ends inside a field");
        var slice = message.Slice(position, length);
        position += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length) throw Corrupt("message ends inside a varint");
            byte b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Corrupt("varint longer than 10 bytes");
    }

    private static InvalidDataException Corrupt(string what) => new($"not a valid ONNX (protobuf) file: {what}");
}
