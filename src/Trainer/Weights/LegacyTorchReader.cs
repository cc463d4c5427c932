using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using Razorvine.Pickle;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Reads the legacy (non-zip) <c>torch.save</c> format of PyTorch ≤ 1.5, which the official 2018 EDSR-PyTorch
/// checkpoints most likely use and TorchSharp.PyBridge 1.4.4 refuses. The file is five pickles in a row — magic
/// number, protocol version (1001), system info, the object (tensors as persistent ids
/// <c>('storage', type, key, location, numel, view)</c> rebuilt by <c>torch._utils._rebuild_tensor_v2</c>),
/// the list of storage keys — followed, for each key in that order, by an int64 element count and the raw
/// little-endian storage bytes. Every pickle passes <see cref="PickleGlobalsCheck"/> before it is unpickled, and
/// every storage's count is checked against the bytes left in the file before it is allocated.
/// </summary>
internal static class LegacyTorchReader
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356"); // 0x1950a86a20f9469cfc6c
    private const int ProtocolVersion = 1001;

    /// <summary>The top-level dict with every tensor materialised (nested dicts stay nested).</summary>
    public static Hashtable Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int end = 0;
        for (int k = 0; k < 5; k++) end = PickleGlobalsCheck.Check(file, path, end);

        using var stream = new MemoryStream(file, writable: false);
        using (var plain = new Unpickler())
        {
            if (plain.load(stream) is not BigInteger magic || magic != MagicNumber)
                throw new InvalidDataException($"{path}: not a legacy torch.save file (bad magic number)");
            if (Convert.ToInt32(plain.load(stream)) != ProtocolVersion)
                throw new InvalidDataException($"{path}: unsupported legacy torch.save protocol");
            if (plain.load(stream) is IDictionary info && info["little_endian"] is false)
                throw new InvalidDataException($"{path}: big-endian torch.save files are not supported");
        }

        using var unpickler = new StorageUnpickler();
        object root = unpickler.load(stream);
        ArrayList keys;
        using (var plain = new Unpickler())
            keys = plain.load(stream) as ArrayList ?? throw new InvalidDataException($"{path}: storage key list missing");
        if (stream.Position != end) throw new InvalidDataException($"{path}: the pickles do not end where their STOP opcodes are");

        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (object item in keys)
        {
            string key = item as string ?? throw new InvalidDataException($"{path}: a storage key is not a string");
            var storage = unpickler.Storages.TryGetValue(key, out var s) ? s : throw new InvalidDataException($"{path}: storage {key} is not referenced");
            if (storages.ContainsKey(key)) throw new InvalidDataException($"{path}: storage {key} is listed twice");
            if (file.Length - stream.Position < 8) throw new InvalidDataException($"{path}: the file ends before storage {key}");
            long elements = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan((int)stream.Position, 8));
            stream.Position += 8;
            long left = file.Length - stream.Position;
            if (elements < 0 || elements > left / storage.ElementSize)
                throw new InvalidDataException($"{path}: storage {key} declares {elements} elements of {storage.ElementSize} bytes, but {left} bytes are left in the file");
            var bytes = new byte[elements * storage.ElementSize];
            stream.ReadExactly(bytes);
            storages[key] = bytes;
        }
        var missing = unpickler.Storages.Keys.Where(k => !storages.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{path}: storage {missing[0]} is referenced but not stored");
        return StorageUnpickler.Materialise(root, storages, path);
    }
}
