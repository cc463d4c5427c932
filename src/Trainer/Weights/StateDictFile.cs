using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// The raw tensors of a weights file, keyed as stored (after unwrapping a BasicSR <c>params</c>/<c>params_ema</c>
/// dict). Owns the tensors: dispose it once they are copied.
/// </summary>
public sealed class StateDictFile : IDisposable
{
    /// <summary>BasicSR wrapper keys in order of preference: BasicSR validates and releases with the EMA weights.</summary>
    public static readonly IReadOnlyList<string> WrapperKeys = ["params_ema", "params", "state_dict", "model"];

    private StateDictFile(string path, WeightsFileFormat format, string? wrapper, Dictionary<string, Tensor> tensors,
        double? resScale = null)
    {
        Path = path;
        Format = format;
        Wrapper = wrapper;
        Tensors = tensors;
        ResScale = resScale;
    }

    /// <summary>The file that was read.</summary>
    public string Path { get; }

    /// <summary>The file's format, detected from its content.</summary>
    public WeightsFileFormat Format { get; }

    /// <summary>The wrapper key the tensors came from (e.g. <c>params_ema</c>), or null for a bare state_dict.</summary>
    public string? Wrapper { get; }

    /// <summary>The tensors under their names in the file (not yet mapped to official names).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>res_scale when the file states it (an MlNetSr ONNX export's metadata), else null: shapes cannot tell it.</summary>
    public double? ResScale { get; }

    /// <summary>
    /// Reads <paramref name="path"/>. <paramref name="wrapper"/> picks a wrapped dict explicitly (e.g. <c>params</c>);
    /// by default the first of <see cref="WrapperKeys"/> present is used.
    /// </summary>
    public static StateDictFile Read(string path, string? wrapper = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        var format = WeightsFileFormatDetector.Detect(path);
        return format switch
        {
            WeightsFileFormat.Safetensors => new StateDictFile(path, format, null, ReadUntrusted(path, () =>
            {
                SafetensorsHeaderCheck.Check(path); // PyBridge allocates from the declared shapes: check them first
                return new Dictionary<string, Tensor>(Safetensors.LoadStateDict(path), StringComparer.Ordinal);
            })),
            WeightsFileFormat.Onnx => FromOnnx(path),
            _ => FromPickle(path, format, wrapper),
        };
    }

    private static StateDictFile FromOnnx(string path)
    {
        double? resScale = null;
        var tensors = ReadUntrusted(path, () => OnnxWeightsReader.Read(path, out resScale));
        return new StateDictFile(path, WeightsFileFormat.Onnx, null, tensors, resScale);
    }

    private static StateDictFile FromPickle(string path, WeightsFileFormat format, string? wrapper)
    {
        // Both formats are read by our own readers: PyBridge 1.4.4 refuses the legacy one, and for the zip one it
        // sizes buffers from the pickle's claims before checking them against the file.
        Hashtable root = ReadUntrusted(path, () => format == WeightsFileFormat.PyTorchLegacy ? LegacyTorchReader.Read(path) : TorchZipReader.Read(path));

        var (chosen, table) = Unwrap(root, wrapper, path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string key || entry.Value is not Tensor t)
                throw new InvalidDataException($"{path}: entry '{entry.Key}' is {entry.Value?.GetType().Name ?? "null"}, not a tensor under a text key");
            tensors[key] = t;
        }
        return new StateDictFile(path, format, chosen, tensors);
    }

    /// <summary>
    /// Runs a reader over a file from anywhere: the unpickler and its constructors fail on malformed input with
    /// whatever exception they meet (casts, missing keys, pickle errors); all of them mean "not a readable weights
    /// file" and become one <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    private static T ReadUntrusted<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is not (InvalidDataException or OutOfMemoryException or IOException and not EndOfStreamException))
        {
            string message = e.Message.Split('\n', 2)[0];
            throw new InvalidDataException($"{path}: not a readable weights file ({e.GetType().Name}: {(message.Length > 200 ? message[..200] + "..." : message)})", e);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static (string? Wrapper, IDictionary Table) Unwrap(Hashtable root, string? wrapper, string path)
    {
        if (wrapper is not null)
            return root[wrapper] is IDictionary explicitTable
                ? (wrapper, explicitTable)
                : throw new InvalidDataException($"{path} has no '{wrapper}' dict (keys: {string.Join(", ", root.Keys.Cast<object>())})");
        if (root.Values.Cast<object?>().All(v => v is Tensor)) return (null, root);
        foreach (string key in WrapperKeys)
            if (root[key] is IDictionary table) return (key, table);
        throw new InvalidDataException(
            $"{path} is neither a state_dict nor a known wrapper ({string.Join("/", WrapperKeys)}); top-level keys: " +
            string.Join(", ", root.Keys.Cast<object>()));
    }

    /// <summary>Disposes every tensor in <see cref="Tensors"/>.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
