using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>A storage a pickle refers to by persistent id: its key, element type and declared element count.</summary>
internal sealed record StorageRef(string Key, ScalarType Type, int ElementSize, long Numel);

/// <summary>
/// A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view (offset, size, stride) of a storage.
/// <see cref="Build"/> checks the view against the storage's real bytes before allocating anything.
/// </summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride)
{
    /// <summary>The most dimensions a weight tensor has (convolutions: 4).</summary>
    public const int MaxRank = 8;

    public Tensor Build(Dictionary<string, byte[]> storages, string path)
    {
        byte[] bytes = storages[Storage.Key];
        long numel = bytes.Length / Storage.ElementSize;
        Validate(numel, path);
        using var flat = empty(numel, Storage.Type);
        flat.bytes = bytes; // raw little-endian copy into the storage
        using var view = flat.as_strided(Size, Stride, Offset);
        return view.clone(); // compact: a view would keep the whole shared storage alive
    }

    // A view may neither reach outside its storage nor hold more elements than it (a stride-0 view of a tiny
    // storage could otherwise declare terabytes that clone() would allocate).
    private void Validate(long numel, string path)
    {
        string shape = $"size [{string.Join(",", Size)}], stride [{string.Join(",", Stride)}], offset {Offset}";
        if (Size.Length != Stride.Length || Size.Length > MaxRank || Offset < 0 || Size.Any(s => s < 0) || Stride.Any(s => s < 0))
            throw new InvalidDataException($"{path}: storage {Storage.Key} has an impossible tensor view ({shape})");
        Int128 elements = 1, last = Offset;
        foreach (var (size, stride) in Size.Zip(Stride))
        {
            elements *= size;
            if (elements > numel) break;
            if (size > 0) last += (Int128)(size - 1) * stride;
        }
        if (elements > numel || (elements > 0 && last >= numel))
            throw new InvalidDataException($"{path}: a tensor ({shape}) needs more than storage {Storage.Key}'s {numel} elements");
    }
}

/// <summary>
/// Unpickler that turns storage persistent ids and tensor-rebuild calls into <see cref="StorageRef"/> and
/// <see cref="TensorRef"/> records, so that no tensor memory is allocated until the references are checked against
/// the file. Razorvine keeps its constructors in one process-wide table that PyBridge fills too, so ours is
/// registered once and hands any call that is not ours (PyBridge's own reading) to the constructor that was there.
/// Callers run <see cref="PickleGlobalsCheck"/> on the bytes first.
/// </summary>
internal sealed class StorageUnpickler : Unpickler
{
    /// <summary>Deepest nesting of dicts accepted in the saved object (BasicSR: 2).</summary>
    public const int MaxDictDepth = 8;

    static StorageUnpickler()
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
            throw new InvalidDataException($"unsupported persistent id in torch.save file: {pid}");
        string key = Convert.ToString(id[2], CultureInfo.InvariantCulture)!;
        if (id.Length > 5 && id[5] is not null)
            throw new NotSupportedException("torch.save storage views are not supported");
        var (scalarType, elementSize) = StorageTypes.TryGetValue(type.name, out var t)
            ? t
            : throw new NotSupportedException($"torch.save storage type {type.module}.{type.name} is not supported");
        long numel = Convert.ToInt64(id[4], CultureInfo.InvariantCulture);
        if (numel < 0) throw new InvalidDataException($"storage {key} declares {numel} elements");
        if (!Storages.TryGetValue(key, out var storage))
            Storages[key] = storage = new StorageRef(key, scalarType, elementSize, numel);
        else if (storage.Type != scalarType || storage.Numel != numel)
            throw new InvalidDataException($"storage {key} is declared twice with different types or sizes");
        return storage;
    }

    /// <summary>The top-level dict with every tensor reference built (nested dicts stay nested).</summary>
    public static Hashtable Materialise(object? root, Dictionary<string, byte[]> storages, string path) =>
        root is Hashtable table ? Materialise(table, storages, path, 0) : throw new InvalidDataException($"{path}: the saved object is not a dict");

    private static Hashtable Materialise(Hashtable table, Dictionary<string, byte[]> storages, string path, int depth)
    {
        // A dict that holds itself (memo references) would otherwise recurse until the stack overflows.
        if (depth >= MaxDictDepth) throw new InvalidDataException($"{path}: dicts nested more than {MaxDictDepth} deep");
        var result = new Hashtable();
        foreach (DictionaryEntry entry in table)
        {
            result[entry.Key] = entry.Value switch
            {
                TensorRef t => t.Build(storages, path),
                Hashtable nested => Materialise(nested, storages, path, depth + 1),
                var other => other,
            };
        }
        return result;
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
            ? new TensorRef(storage, Convert.ToInt64(args[1], CultureInfo.InvariantCulture), Longs(args[2]), Longs(args[3]))
            : previous?.construct(args) ?? throw new InvalidDataException("torch._utils._rebuild_tensor_v2 without a storage");

        private static long[] Longs(object tuple) =>
            tuple is object[] items && items.Length <= TensorRef.MaxRank
                ? items.Select(i => Convert.ToInt64(i, CultureInfo.InvariantCulture)).ToArray()
                : throw new InvalidDataException("a tensor's size or stride is not a short tuple of integers");
    }
}
