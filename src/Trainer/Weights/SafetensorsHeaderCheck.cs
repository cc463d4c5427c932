using System.Buffers.Binary;
using System.Text.Json;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Checks a safetensors header before TorchSharp.PyBridge reads the file (PyBridge allocates each tensor from its
/// declared shape first): the JSON header fits the file, and every tensor has a known dtype, non-negative dims
/// whose byte size equals its <c>data_offsets</c> range, and a range inside the data section.
/// </summary>
internal static class SafetensorsHeaderCheck
{
    /// <summary>Largest header accepted (names, dtypes and shapes: kilobytes for a state_dict).</summary>
    public const long MaxHeaderBytes = 64L << 20;

    private static readonly Dictionary<string, int> ElementSizes = new(StringComparer.Ordinal)
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U8"] = 1, ["BOOL"] = 1,
    };

    public static void Check(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) throw Bad(path, "the file is shorter than its 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(stream.Length - 8))
            throw Bad(path, $"the header claims {headerLength} bytes; the file has {stream.Length - 8} after the length");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataBytes = stream.Length - 8 - (long)headerLength;

        JsonDocument document;
        try { document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw Bad(path, $"the header is not JSON ({e.Message})"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "the header is not a JSON object");
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                Tensor(entry, dataBytes, path);
            }
        }
    }

    private static void Tensor(JsonProperty entry, long dataBytes, string path)
    {
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Bad(path, $"tensor '{entry.Name}' lacks dtype, shape or a [begin, end] data_offsets");
        if (!ElementSizes.TryGetValue(dtype.GetString()!, out int size)) throw Bad(path, $"tensor '{entry.Name}' has dtype {dtype.GetString()}, which is not supported");
        Int128 bytes = size;
        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0 || shape.GetArrayLength() > TensorRef.MaxRank)
                throw Bad(path, $"tensor '{entry.Name}' has an impossible shape {shape.GetRawText()}");
            bytes = Int128.Min(bytes * d, long.MaxValue);
        }
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin || end > dataBytes)
            throw Bad(path, $"tensor '{entry.Name}' has data_offsets {offsets.GetRawText()} outside the {dataBytes} data bytes");
        if (bytes != end - begin)
            throw Bad(path, $"tensor '{entry.Name}' declares shape {shape.GetRawText()} ({bytes} bytes) but data_offsets hold {end - begin} bytes");
    }

    private static InvalidDataException Bad(string path, string what) => new($"{path}: not a usable safetensors file: {what}");
}
