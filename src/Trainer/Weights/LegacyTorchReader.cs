using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Reads the legacy (non-zip) <c>torch.save</c> format of PyTorch ≤ 1.5, which the official 2018 EDSR-PyTorch
/// checkpoints most likely use and TorchSharp.PyBridge 1.4.4 refuses. The file is five pickles in a row — magic
/// number, protocol version (1001), system info, the object (tensors as persistent ids
/// <c>('storage', type, key, location, numel, view)</c> rebuilt by <c>torch._utils._rebuild_tensor_v2</c>),
/// the list of storage keys — followed, for each key in that order, by an int64 element count and the raw
/// little-endian storage bytes.
/// </summary>
internal static class LegacyTorchReader
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356"); // 0x1950a86a20f9469cfc6c
    private const int ProtocolVersion = 1001;

    /// <summary>The top-level dict with every tensor materialised (nested dicts stay nested).</summary>
    public static Hashtable Read(string path)
    {
        using var stream = File.OpenRead(path);
        using (var plain = new Unpickler())
        {
            if (plain.load(stream) is not BigInteger magic || magic != MagicNumber)
                throw new InvalidDataException($"{path}: not a legacy torch.save file (bad magic number)");
            if (Convert.ToInt32(plain.load(stream)) != ProtocolVersion)
                throw new InvalidDataException($"{path}: unsupported legacy torch.save protocol");
            if (plain.load(stream) is IDictionary info && info["little_endian"] is false)
                throw new InvalidDataException($"{path}: big-endian torch.save files are not supported");
        }

        using var unpickler = new LegacyUnpickler();
        object root = unpickler.load(stream);
        ArrayList keys;
        using (var plain = new Unpickler())
            keys = plain.load(stream) as ArrayList ?? throw new InvalidDataException($"{path}: storage key list missing");

        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        Span<byte> count = stackalloc byte[8];
        foreach (string key in keys)
        {
            var storage = unpickler.Storages.TryGetValue(key, out var s) ? s : throw new InvalidDataException($"{path}: storage {key} is not referenced");
            stream.ReadExactly(count);
            long elements = BinaryPrimitives.ReadInt64LittleEndian(count);
            var bytes = new byte[checked(elements * storage.ElementSize)];
            stream.ReadExactly(bytes);
            storages[key] = bytes;
        }
        return root as Hashtable is { } table
            ? Materialise(table, storages)
            : throw new InvalidDataException($"{path}: the saved object is not a dict");
    }

    private static Hashtable Materialise(Hashtable table, Dictionary<string, byte[]> storages)
    {
        var result = new Hashtable();
        foreach (DictionaryEntry entry in table)
        {
            result[entry.Key] = entry.Value switch
            {
                TensorRef t => t.Build(storages),
                Hashtable nested => Materialise(nested, storages),
                var other => other,
            };
        }
        return result;
    }

    private sealed record StorageRef(string Key, ScalarType Type, int ElementSize);

    private sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride)
    {
        public Tensor Build(Dictionary<string, byte[]> storages)
        {
            byte[] bytes = storages[Storage.Key];
            using var flat = empty(bytes.Length / Storage.ElementSize, Storage.Type);
            flat.bytes = bytes; // raw little-endian copy into the storage
            using var view = flat.as_strided(Size, Stride, Offset);
            return view.clone(); // compact: a view would keep the whole shared storage alive
        }
    }

    /// <summary>
    /// Unpickler that turns storage persistent ids and _rebuild_tensor_v2 calls into references. Razorvine keeps
    /// its constructors in one process-wide table that PyBridge fills too, so ours is registered once and hands
    /// any call that is not ours (PyBridge's zip reading) to the constructor that was there before.
    /// </summary>
    private sealed class LegacyUnpickler : Unpickler
    {
        static LegacyUnpickler()
        {
            // PyBridge registers its constructors in its static constructor: let that happen first, then wrap them.
            RuntimeHelpers.RunClassConstructor(typeof(PyTorchUnpickler).TypeHandle);
            foreach (string name in new[] { "_rebuild_tensor_v2", "_rebuild_tensor" })
            {
                objectConstructors.TryGetValue($"torch._utils.{name}", out var previous);
                registerConstructor("torch._utils", name, new RebuildTensor(previous));
            }
        }

        public Dictionary<string, StorageRef> Storages { get; } = new(StringComparer.Ordinal);

        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } id || id[0] as string != "storage" || id[1] is not ClassDictConstructor type)
                throw new InvalidDataException($"unsupported persistent id in legacy torch.save file: {pid}");
            string key = Convert.ToString(id[2], CultureInfo.InvariantCulture)!;
            if (id.Length > 5 && id[5] is not null)
                throw new NotSupportedException("legacy torch.save storage views are not supported");
            var (scalarType, elementSize) = StorageTypes.TryGetValue(type.name, out var t)
                ? t
                : throw new NotSupportedException($"legacy torch.save storage type {type.module}.{type.name} is not supported");
            if (!Storages.TryGetValue(key, out var storage))
                Storages[key] = storage = new StorageRef(key, scalarType, elementSize);
            return storage;
        }
    }

    private static readonly Dictionary<string, (ScalarType Type, int Size)> StorageTypes = new()
    {
        ["FloatStorage"] = (ScalarType.Float32, 4), ["DoubleStorage"] = (ScalarType.Float64, 8),
        ["HalfStorage"] = (ScalarType.Float16, 2), ["BFloat16Storage"] = (ScalarType.BFloat16, 2),
        ["LongStorage"] = (ScalarType.Int64, 8), ["IntStorage"] = (ScalarType.Int32, 4),
        ["ShortStorage"] = (ScalarType.Int16, 2), ["CharStorage"] = (ScalarType.Int8, 1),
        ["ByteStorage"] = (ScalarType.Byte, 1), ["BoolStorage"] = (ScalarType.Bool, 1),
    };

    private sealed class RebuildTensor(IObjectConstructor? previous) : IObjectConstructor
    {
        public object construct(object[] args) => args.Length >= 4 && args[0] is StorageRef storage
            ? new TensorRef(storage, Convert.ToInt64(args[1]), Longs(args[2]), Longs(args[3]))
            : previous?.construct(args) ?? throw new InvalidDataException("torch._utils._rebuild_tensor_v2 without a storage");

        private static long[] Longs(object tuple) => ((object[])tuple).Select(Convert.ToInt64).ToArray();
    }
}
