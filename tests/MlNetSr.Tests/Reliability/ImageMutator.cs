using System.Buffers.Binary;

namespace MlNetSr.Tests.Reliability;

/// <summary>A mutated image file and what was done to it (for the failure message and the regression README).</summary>
public sealed record MutatedImage(byte[] Bytes, string Extension, string Mutation);

/// <summary>
/// Seeded mutations of small, valid PNG, JPEG and BMP files: generic ones (bit flips, byte overwrites, truncations,
/// inserted or deleted spans) and format-aware ones that reach past the first checks of a decoder (PNG chunk edits
/// with or without a fixed CRC, IHDR and JPEG SOF sizes, BMP header fields, huge declared sizes).
/// The same seed gives the same files on every machine.
/// </summary>
public sealed class ImageMutator(int seed)
{
    private readonly Random random = new(seed);

    private static readonly int[] HugeSides = [0, 1, 20000, 30000, 65535, 65536, 1 << 20, int.MaxValue, -1, -30000];

    /// <summary>One mutation of <paramref name="original"/>; <paramref name="extension"/> is ".png", ".jpg" or ".bmp".</summary>
    public MutatedImage Mutate(byte[] original, string extension)
    {
        var bytes = (byte[])original.Clone();
        int kind = random.Next(10);
        string mutation;
        if (kind < 6 || original.Length < 64)
            mutation = Generic(ref bytes, kind);
        else
            mutation = extension switch
            {
                ".png" => Png(ref bytes),
                ".jpg" => Jpeg(ref bytes),
                _ => Bmp(bytes),
            };
        // A second mutation now and then: decoders often survive one edit and trip on a combination.
        if (random.Next(4) == 0) mutation += " + " + Generic(ref bytes, random.Next(6));
        return new MutatedImage(bytes, extension, mutation);
    }

    private string Generic(ref byte[] bytes, int kind)
    {
        if (bytes.Length == 0) return "empty";
        switch (kind)
        {
            case 0:
            case 1:
                {
                    int flips = 1 + random.Next(kind == 0 ? 2 : 16);
                    for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    return $"{flips} bit flips";
                }
            case 2:
                {
                    int count = 1 + random.Next(8), at = random.Next(bytes.Length);
                    byte value = random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)random.Next(256) };
                    for (int i = at; i < Math.Min(bytes.Length, at + count); i++) bytes[i] = value;
                    return $"{count} bytes at {at} set to 0x{value:X2}";
                }
            case 3:
                {
                    int length = random.Next(bytes.Length);
                    bytes = bytes[..length];
                    return $"truncated to {length} bytes";
                }
            case 4:
                {
                    int at = random.Next(bytes.Length), count = 1 + random.Next(Math.Min(64, bytes.Length - at));
                    bytes = [.. bytes[..at], .. bytes[(at + count)..]];
                    return $"{count} bytes deleted at {at}";
                }
            default:
                {
                    int at = random.Next(bytes.Length + 1), count = 1 + random.Next(64);
                    var inserted = new byte[count];
                    random.NextBytes(inserted);
                    bytes = [.. bytes[..at], .. inserted, .. bytes[at..]];
                    return $"{count} random bytes inserted at {at}";
                }
        }
    }

    // PNG: 8-byte signature, then chunks of length (4, big-endian), type (4), data, CRC-32 over type + data.
    private string Png(ref byte[] bytes)
    {
        var chunks = PngChunks(bytes);
        if (chunks.Count == 0) return Generic(ref bytes, 0);
        bool fixCrc = random.Next(2) == 0;
        string what;
        switch (random.Next(6))
        {
            case 0:
            case 1:
                {
                    int width = HugeSide(), height = random.Next(2) == 0 ? HugeSide() : BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
                    what = $"IHDR size {width}x{height}";
                    FixCrc(bytes, chunks[0], fixCrc);
                    break;
                }
            case 2:
                {
                    int field = 24 + random.Next(5); // bit depth, colour type, compression, filter, interlace
                    bytes[field] = (byte)random.Next(256);
                    what = $"IHDR byte {field} = {bytes[field]}";
                    FixCrc(bytes, chunks[0], fixCrc);
                    break;
                }
            case 3:
                {
                    var chunk = chunks[random.Next(chunks.Count)];
                    uint length = random.Next(3) switch { 0 => 0, 1 => 0x7FFFFFFF, _ => (uint)random.Next(1 << 20) };
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(chunk.Start), length);
                    what = $"chunk at {chunk.Start} length {length}";
                    fixCrc = false;
                    break;
                }
            case 4:
                {
                    var chunk = chunks[random.Next(chunks.Count)];
                    if (chunk.Length > 0) bytes[chunk.Start + 8 + random.Next(chunk.Length)] ^= (byte)(1 + random.Next(255));
                    what = $"chunk data at {chunk.Start} edited";
                    FixCrc(bytes, chunk, fixCrc);
                    break;
                }
            default:
                {
                    var chunk = chunks[random.Next(chunks.Count)];
                    int end = chunk.Start + 12 + chunk.Length;
                    bool duplicate = random.Next(2) == 0;
                    bytes = duplicate
                        ? [.. bytes[..end], .. bytes[chunk.Start..end], .. bytes[end..]]
                        : [.. bytes[..chunk.Start], .. bytes[end..]];
                    return $"chunk at {chunk.Start} {(duplicate ? "duplicated" : "removed")}";
                }
        }
        return what + (fixCrc ? " (CRC fixed)" : " (CRC stale)");
    }

    private readonly record struct Chunk(int Start, int Length);

    private static List<Chunk> PngChunks(byte[] bytes)
    {
        var chunks = new List<Chunk>();
        for (int at = 8; at + 12 <= bytes.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            if (length < 0 || at + 12L + length > bytes.Length) break;
            chunks.Add(new Chunk(at, length));
            at += 12 + length;
        }
        return chunks;
    }

    private static void FixCrc(byte[] bytes, Chunk chunk, bool fix)
    {
        if (!fix || chunk.Start + 12 + chunk.Length > bytes.Length) return;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(chunk.Start + 8 + chunk.Length), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(chunk.Start + 4, 4 + chunk.Length)));
    }

    // JPEG: markers FF xx; SOF0..SOF2 (C0..C2) hold precision (1), height (2), width (2), components (1).
    private string Jpeg(ref byte[] bytes)
    {
        var markers = new List<int>();
        int sof = -1;
        for (int i = 2; i + 4 < bytes.Length; i++)
            if (bytes[i] == 0xFF && bytes[i + 1] is >= 0xC0 and <= 0xFE and not 0xD8 and not 0xD9 and not (>= 0xD0 and <= 0xD7))
            {
                markers.Add(i);
                if (sof < 0 && bytes[i + 1] is 0xC0 or 0xC1 or 0xC2) sof = i;
            }
        switch (random.Next(4))
        {
            case 0:
            case 1 when sof >= 0:
                if (sof < 0 || sof + 9 > bytes.Length) return Generic(ref bytes, 1);
                {
                    ushort height = (ushort)HugeSide(), width = (ushort)HugeSide();
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), height);
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), width);
                    return $"SOF size {width}x{height}";
                }
            case 2 when markers.Count > 0:
                {
                    int marker = markers[random.Next(markers.Count)];
                    ushort length = (ushort)(random.Next(2) == 0 ? random.Next(4) : 0xFFFF);
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(marker + 2), length);
                    return $"marker FF{bytes[marker + 1]:X2} at {marker} length {length}";
                }
            default:
                if (sof < 0 || sof + 10 > bytes.Length) return Generic(ref bytes, 2);
                bytes[sof + 4] = (byte)random.Next(256); // precision
                bytes[sof + 9] = (byte)random.Next(256); // component count
                return $"SOF precision {bytes[sof + 4]} components {bytes[sof + 9]}";
        }
    }

    // BMP: file header (14: 'BM', size, reserved, pixel offset) then BITMAPINFOHEADER (size, width, height, planes,
    // bits per pixel, compression, image size, ...), all little-endian.
    private string Bmp(byte[] bytes)
    {
        switch (random.Next(4))
        {
            case 0:
            case 1:
                {
                    int width = HugeSide(), height = HugeSide();
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
                    return $"BMP size {width}x{height}";
                }
            case 2:
                {
                    ushort bits = (ushort)(random.Next(2) == 0 ? new[] { 0, 1, 4, 8, 16, 24, 32, 64 }[random.Next(8)] : random.Next(65536));
                    uint compression = (uint)random.Next(7);
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), bits);
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(30), compression);
                    return $"BMP {bits} bits, compression {compression}";
                }
            default:
                {
                    int field = new[] { 2, 10, 14, 34 }[random.Next(4)];
                    int value = random.Next(3) switch { 0 => 0, 1 => int.MaxValue, _ => random.Next(1 << 16) };
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(field), value);
                    return $"BMP header field at {field} = {value}";
                }
        }
    }

    private int HugeSide() => random.Next(3) == 0 ? random.Next(1, 100) : HugeSides[random.Next(HugeSides.Length)];
}
