using MlNetSr.Onnx;
using MlNetSr.Trainer.Onnx;
using Xunit;

namespace MlNetSr.Tests.Onnx;

/// <summary>The wire format against the protobuf encoding guide's worked examples, and nesting without copies.</summary>
public class ProtobufWriterTests
{
    [Fact]
    public void VarintStringAndFloatFieldsMatchTheEncodingGuide()
    {
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, new ProtobufWriter().Int64(1, 150).ToArray());     // guide: field 1 = 150
        Assert.Equal((byte[])[0x12, 0x07, .. "testing"u8.ToArray()], new ProtobufWriter().String(2, "testing").ToArray());
        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, new ProtobufWriter().Float(2, 1.0f).ToArray());
        // A negative int64 is its two's complement as a 10-byte varint.
        Assert.Equal(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, new ProtobufWriter().Int64(1, -1).ToArray());
    }

    [Fact]
    public void NestedMessagesCarryTheirLengthAndReadBack()
    {
        var inner = new ProtobufWriter().Int64(1, 150);
        var outer = new ProtobufWriter().Message(3, inner).Bytes(4, new byte[200]).String(5, "end");
        byte[] bytes = outer.ToArray();

        Assert.Equal(new byte[] { 0x1A, 0x03, 0x08, 0x96, 0x01 }, bytes[..5]);                     // guide: field 3 = {1: 150}
        Assert.Equal(bytes.Length, outer.Length);
        var fields = ProtoReader.Parse(bytes);
        Assert.Equal([3, 4, 5], fields.Select(f => f.Number));
        Assert.Equal(150UL, fields[0].Message.Single().Varint);
        Assert.Equal(200, fields[1].Bytes.Length);
        Assert.Equal("end", fields[2].Text);
    }
}
