using System.IO.Compression;
using System.Text;
using MlNetSr.Onnx;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// Seeded mutations of model files: byte-level (bit flips, truncation, overwritten or repeated runs), protobuf
/// field edits for ONNX (varints such as dims, data_type, opset and IR version set to edge values; payloads cut,
/// emptied, doubled or swapped for huge packed dims; fields dropped or repeated, at any depth), pickle edits for
/// PyTorch files (integers set to huge values, globals renamed to dangerous ones) and zip edits (storage entries cut,
/// central-directory sizes inflated). One seed gives one mutant, so a failing case is replayed from its seed alone.
/// </summary>
public sealed class ModelFileMutator(int seed)
{
    private readonly Random random = new(seed);

    private static readonly ulong[] EdgeValues =
        [0, 1, 2, 3, 4, 7, 8, 16, 127, 128, 255, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1UL << 40, long.MaxValue, ulong.MaxValue];

    private static readonly string[] HostileGlobals =
        ["os\nsystem", "builtins\neval", "subprocess\nPopen", "torch._utils\n_rebuild_parameter", "__builtin__\nbytearray",
         "numpy.core.multiarray\n_reconstruct", "torch.nn.modules.conv\nConv2d", "collections\ndefaultdict"];

    /// <summary>A byte-level mutation of any file.</summary>
    public (byte[] Bytes, string Kind) Bytes(byte[] original)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
                int flips = 1 + random.Next(16);
                for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return (bytes, $"{flips} bit flips");
            case 1:
                int length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length} bytes");
            case 2:
                {
                    int start = random.Next(bytes.Length), count = Math.Min(1 + random.Next(64), bytes.Length - start);
                    byte fill = random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)random.Next(256) };
                    bytes.AsSpan(start, count).Fill(fill);
                    return (bytes, $"{count} bytes at {start} set to 0x{fill:x2}");
                }
            case 3:
                {
                    int start = random.Next(bytes.Length), count = Math.Min(1 + random.Next(256), bytes.Length - start);
                    return ([.. bytes[..(start + count)], .. bytes[start..]], $"{count} bytes at {start} repeated");
                }
            case 4:
                {
                    int start = random.Next(bytes.Length), count = Math.Min(1 + random.Next(256), bytes.Length - start);
                    return ([.. bytes[..start], .. bytes[(start + count)..]], $"{count} bytes at {start} deleted");
                }
            default:
                {
                    int start = random.Next(Math.Max(1, bytes.Length - 8));
                    BitConverter.TryWriteBytes(bytes.AsSpan(start), (long)EdgeValues[random.Next(EdgeValues.Length)]);
                    return (bytes, $"8 bytes at {start} set to an edge value");
                }
        }
    }

    /// <summary>An ONNX mutation: mostly structured protobuf edits, sometimes byte-level.</summary>
    public (byte[] Bytes, string Kind) Onnx(byte[] model)
    {
        if (random.Next(4) == 0) return Bytes(model);
        var path = new List<int>();
        var mutated = Message(model, path, depth: 0, out string what);
        return (mutated, $"protobuf field {string.Join(".", path)}: {what}");
    }

    private byte[] Message(ReadOnlyMemory<byte> message, List<int> path, int depth, out string what)
    {
        List<ProtobufField> fields;
        try { fields = ProtobufReader.Fields(message); }
        catch (InvalidDataException) { fields = []; }
        if (fields.Count == 0)
        {
            what = "payload replaced by random bytes";
            var noise = new byte[random.Next(1, 32)];
            random.NextBytes(noise);
            return noise;
        }
        // The graph (7) and its initializers and nodes hold what matters: descend into messages more often than not.
        int index = random.Next(fields.Count);
        if (depth == 0 && random.Next(3) > 0) index = Math.Max(0, fields.FindIndex(f => f.Number == 7));
        var field = fields[index];
        path.Add(field.Number);
        byte[] replacement;
        int action = random.Next(10);
        if (action == 0) { replacement = []; what = "field dropped"; }
        else if (action == 1) { replacement = [.. field.Encoded.Span, .. field.Encoded.Span]; what = "field repeated"; }
        else if (field.WireType == 0)
        {
            ulong value = EdgeValues[random.Next(EdgeValues.Length)];
            replacement = Encode(field.Number, 0, Varint(value));
            what = $"varint {field.Varint} -> {value}";
        }
        else if (field.WireType == 2 && depth < 8 && action < 8 && LooksLikeMessage(field.Payload))
        {
            replacement = Encode(field.Number, 2, Message(field.Payload, path, depth + 1, out what));
        }
        else if (field.WireType == 2)
        {
            var payload = field.Payload.ToArray();
            (payload, what) = random.Next(4) switch
            {
                0 => (payload[..random.Next(payload.Length + 1)], "payload cut"),
                1 => ([], "payload emptied"),
                2 => ([.. payload, .. payload], "payload doubled"),
                _ => (HugeDims(), "payload replaced by huge packed dims"),
            };
            replacement = Encode(field.Number, 2, payload);
        }
        else { replacement = (byte[])field.Encoded.ToArray().Clone(); replacement[^1] ^= 0x80; what = "fixed-size value flipped"; }

        var output = new List<byte>(message.Length + replacement.Length);
        for (int i = 0; i < fields.Count; i++) output.AddRange(i == index ? replacement : fields[i].Encoded.ToArray());
        return [.. output];
    }

    private static bool LooksLikeMessage(ReadOnlyMemory<byte> payload)
    {
        try { return ProtobufReader.Fields(payload).Count > 0; }
        catch (InvalidDataException) { return false; }
    }

    private byte[] HugeDims()
    {
        var dims = new List<byte>();
        for (int i = 0; i < 1 + random.Next(5); i++) dims.AddRange(Varint(random.Next(2) == 0 ? 1UL << 31 : 100_000UL));
        return [.. dims];
    }

    private static byte[] Encode(int number, int wireType, byte[] payload) =>
        wireType == 2 ? [.. Varint((ulong)(number << 3 | 2)), .. Varint((ulong)payload.Length), .. payload] : [.. Varint((ulong)(number << 3 | wireType)), .. payload];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>A pickle mutation: integers set to edge values, a global renamed, or a byte-level edit.</summary>
    public (byte[] Bytes, string Kind) Pickle(byte[] pickle)
    {
        var bytes = (byte[])pickle.Clone();
        switch (random.Next(4))
        {
            case 0:
                {
                    // BININT (J) and BININT1/2 (K/M) carry numel, offsets, sizes and strides.
                    var positions = Enumerable.Range(0, bytes.Length - 5).Where(i => bytes[i] is (byte)'J' or (byte)'K' or (byte)'M').ToList();
                    if (positions.Count == 0) return Bytes(pickle);
                    int at = positions[random.Next(positions.Count)];
                    ulong value = EdgeValues[random.Next(EdgeValues.Length)];
                    int width = bytes[at] == 'J' ? 4 : bytes[at] == 'M' ? 2 : 1;
                    for (int i = 0; i < width; i++) bytes[at + 1 + i] = (byte)(value >> (8 * i));
                    return (bytes, $"integer at {at} set to {value} (low {width} bytes)");
                }
            case 1:
                {
                    string text = Encoding.Latin1.GetString(bytes);
                    int at = text.IndexOf(random.Next(2) == 0 ? "collections\nOrderedDict" : "torch._utils\n_rebuild_tensor_v2", StringComparison.Ordinal);
                    if (at < 0) return Bytes(pickle);
                    int end = text.IndexOf('\n', text.IndexOf('\n', at) + 1);
                    string hostile = HostileGlobals[random.Next(HostileGlobals.Length)];
                    return (Encoding.Latin1.GetBytes(text[..at] + hostile + text[end..]), $"global at {at} renamed to {hostile.Replace('\n', '.')}");
                }
            default:
                return Bytes(pickle);
        }
    }

    /// <summary>A torch.save zip mutation: its data.pkl, a storage entry, a declared size, or the raw archive bytes.</summary>
    public (byte[] Bytes, string Kind) TorchZip(byte[] zip)
    {
        int choice = random.Next(10);
        if (choice < 2) return Bytes(zip);
        if (choice == 2) return InflateDeclaredSize(zip);
        var entries = new List<(string Name, byte[] Data)>();
        using (var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }
        string kind;
        if (choice < 8)
        {
            int pkl = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
            var (mutated, what) = Pickle(entries[pkl].Data);
            entries[pkl] = (entries[pkl].Name, mutated);
            kind = $"data.pkl: {what}";
        }
        else
        {
            var storages = entries.Select((e, i) => (e, i)).Where(x => x.e.Name.Contains("/data/", StringComparison.Ordinal)).ToList();
            var (victim, index) = storages[random.Next(storages.Count)];
            if (choice == 8) { entries[index] = (victim.Name, victim.Data[..random.Next(victim.Data.Length)]); kind = $"{victim.Name} cut"; }
            else { entries.RemoveAt(index); kind = $"{victim.Name} removed"; }
        }
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                stream.Write(data);
            }
        return (output.ToArray(), kind);
    }

    // Central-directory records (PK\1\2) carry the uncompressed size at offset 24: claim ~4 GB for one entry.
    private (byte[] Bytes, string Kind) InflateDeclaredSize(byte[] zip)
    {
        var bytes = (byte[])zip.Clone();
        var records = Enumerable.Range(0, bytes.Length - 46).Where(i => bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2).ToList();
        int at = records[random.Next(records.Count)];
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 24), 0xFFFF_FFF0u);
        return (bytes, $"central-directory record at {at} declares 4 GB uncompressed");
    }
}
