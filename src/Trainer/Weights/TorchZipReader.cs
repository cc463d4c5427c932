using System.Collections;
using System.IO.Compression;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Reads the zip format of <c>torch.save</c> (PyTorch ≥ 1.6): <c>&lt;name&gt;/data.pkl</c> holds the object, with
/// each tensor's storage as <c>&lt;name&gt;/data/&lt;key&gt;</c>. The pickle passes <see cref="PickleGlobalsCheck"/>
/// first; then each storage's declared size is checked against its entry's size (and the entry's size against its
/// compressed size) before anything is allocated, so a small file cannot make it allocate gigabytes.
/// </summary>
internal static class TorchZipReader
{
    /// <summary>Largest <c>data.pkl</c> read (a state_dict's pickle holds names and shapes only: kilobytes).</summary>
    public const long MaxPickleBytes = 64L << 20;

    /// <summary>Most entries accepted in the archive (EDSR paper: ~70 tensors; MDSR: ~110).</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Deflate cannot expand data more than ~1032 times: a larger declared size is a lie (a zip bomb).</summary>
    public const long MaxCompressionRatio = 1032;

    /// <summary>The top-level dict with every tensor materialised (nested dicts stay nested).</summary>
    public static Hashtable Read(string path)
    {
        using var archive = Open(path);
        if (archive.Entries.Count > MaxEntries)
            throw new InvalidDataException($"{path}: {archive.Entries.Count} zip entries, more than the {MaxEntries} a state_dict can need");
        var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
        if (pickles.Count != 1)
            throw new InvalidDataException($"{path}: a torch.save zip holds one data.pkl; this one holds {pickles.Count}");
        var pickleEntry = pickles[0];
        string prefix = pickleEntry.FullName[..^"data.pkl".Length];
        if (pickleEntry.Length > MaxPickleBytes)
            throw new InvalidDataException($"{path}: {pickleEntry.FullName} declares {pickleEntry.Length} bytes, more than the {MaxPickleBytes} accepted");
        byte[] pickle = ReadEntry(pickleEntry, path, pickleEntry.Length);
        PickleGlobalsCheck.Check(pickle, path);

        using var unpickler = new StorageUnpickler();
        object root;
        using (var stream = new MemoryStream(pickle, writable: false)) root = unpickler.load(stream);

        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var storage in unpickler.Storages.Values)
        {
            var entry = archive.GetEntry($"{prefix}data/{storage.Key}")
                        ?? throw new InvalidDataException($"{path}: storage {storage.Key} is referenced but {prefix}data/{storage.Key} is not in the archive");
            long needed = storage.Numel <= long.MaxValue / storage.ElementSize ? storage.Numel * storage.ElementSize : long.MaxValue;
            if (needed > entry.Length)
                throw new InvalidDataException($"{path}: storage {storage.Key} declares {storage.Numel} elements ({needed} bytes), but its entry holds {entry.Length} bytes");
            storages[storage.Key] = ReadEntry(entry, path, needed);
        }
        return StorageUnpickler.Materialise(root, storages, path);
    }

    private static ZipArchive Open(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: not a readable zip archive ({e.Message})", e); }
    }

    // Reads the first `count` bytes (at most the entry's declared size), refusing sizes a zip bomb would declare.
    private static byte[] ReadEntry(ZipArchiveEntry entry, string path, long count)
    {
        if (entry.Length > Math.Max(entry.CompressedLength, 1) * MaxCompressionRatio)
            throw new InvalidDataException($"{path}: {entry.FullName} declares {entry.Length} bytes from {entry.CompressedLength} compressed (a zip bomb?)");
        if (count > Array.MaxLength) throw new InvalidDataException($"{path}: {entry.FullName} is larger than one array can hold");
        var bytes = new byte[count];
        using var stream = entry.Open();
        try { stream.ReadExactly(bytes); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{path}: {entry.FullName} holds fewer bytes than it declares"); }
        return bytes;
    }
}
