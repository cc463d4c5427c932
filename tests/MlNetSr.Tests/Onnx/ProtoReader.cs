using System.Text;

namespace MlNetSr.Tests.Onnx;

/// <summary>
/// A protobuf reader independent of the exporter's writer, enough to look inside an exported file: the fields
/// of a message as (number, varint value or bytes). Used to check opset, IR version and node attributes.
/// </summary>
public static class ProtoReader
{
    public sealed record Field(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes.Span);

        public IReadOnlyList<Field> Message => Parse(Bytes);
    }

    public static IReadOnlyList<Field> Parse(ReadOnlyMemory<byte> data)
    {
        var fields = new List<Field>();
        int position = 0;
        var span = data.Span;
        while (position < span.Length)
        {
            ulong tag = ReadVarint(span, ref position);
            int number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add(new Field(number, ReadVarint(span, ref position), default));
                    break;
                case 1:
                    fields.Add(new Field(number, BitConverter.ToUInt64(span.Slice(position, 8)), data.Slice(position, 8)));
                    position += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(span, ref position));
                    fields.Add(new Field(number, 0, data.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    fields.Add(new Field(number, BitConverter.ToUInt32(span.Slice(position, 4)), data.Slice(position, 4)));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {tag & 7} at byte {position}");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
