using System.Buffers.Binary;
using System.Text;

namespace MlNetSr.Onnx;

/// <summary>
/// The protobuf wire format, just what ONNX needs: varints (wire type 0), 32-bit floats (type 5) and
/// length-delimited bytes, strings and nested messages (type 2). A message is kept as a list of chunks, so
/// nesting a large tensor into a graph into a model appends references instead of copying the weights.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int Varint = 0;
    private const int Fixed32 = 5;
    private const int LengthDelimited = 2;

    private readonly List<ReadOnlyMemory<byte>> chunks = [];
    private readonly MemoryStream pending = new();

    /// <summary>Encoded size in bytes.</summary>
    public long Length { get; private set; }

    public ProtobufWriter Int64(int field, long value)
    {
        Tag(field, Varint);
        RawVarint(unchecked((ulong)value)); // negative int64 values take 10 bytes, as in protobuf
        return this;
    }

    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        Append(bytes);
        return this;
    }

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Bytes(int field, ReadOnlyMemory<byte> value)
    {
        Tag(field, LengthDelimited);
        RawVarint((ulong)value.Length);
        Flush();
        chunks.Add(value);
        Length += value.Length;
        return this;
    }

    public ProtobufWriter Message(int field, ProtobufWriter message)
    {
        Tag(field, LengthDelimited);
        RawVarint((ulong)message.Length);
        Flush();
        message.Flush();
        chunks.AddRange(message.chunks);
        Length += message.Length;
        return this;
    }

    /// <summary>Appends fields that are already encoded (tag included), e.g. copied from a parsed message.</summary>
    public ProtobufWriter Raw(ReadOnlyMemory<byte> encodedFields)
    {
        Flush();
        chunks.Add(encodedFields);
        Length += encodedFields.Length;
        return this;
    }

    public void WriteTo(Stream stream)
    {
        Flush();
        foreach (var chunk in chunks) stream.Write(chunk.Span);
    }

    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        Append(bytes[..n]);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        pending.Write(bytes);
        Length += bytes.Length;
    }

    // Small fields collect in `pending`; it becomes a chunk before any large or nested content is appended.
    private void Flush()
    {
        if (pending.Length == 0) return;
        chunks.Add(pending.ToArray());
        pending.SetLength(0);
    }
}
