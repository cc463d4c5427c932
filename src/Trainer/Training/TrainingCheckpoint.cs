using System.IO.Compression;
using System.Text.Json;
using MlNetSr.IO;
using MlNetSr.Trainer.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// A resumable training checkpoint: one zip archive (<c>.ckpt</c>) holding <c>state.json</c>
/// (<see cref="TrainingState"/>), <c>model.bin</c> (the weights, TorchSharp format) and <c>optimizer-{k}.bin</c>
/// (Adam's moments and step counts, one per optimiser). It is written atomically, so a crash leaves the
/// previous checkpoint intact.
/// </summary>
public static class TrainingCheckpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="state"/>, the weights and every optimiser's state to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The <c>.ckpt</c> file.</param>
    /// <param name="state">Where the run stands.</param>
    /// <param name="model">The network whose weights are saved.</param>
    /// <param name="optimizers">The Adam instances, in the order <see cref="LoadOptimizers"/> will get them.</param>
    public static void Save(string path, TrainingState state, SrNetwork model, IReadOnlyList<Adam> optimizers)
    {
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(archive, "state.json", s => JsonSerializer.Serialize(s, state, Json));
            WriteEntry(archive, "model.bin", s => model.save(s));
            for (int k = 0; k < optimizers.Count; k++)
            {
                var optimizer = optimizers[k];
                WriteEntry(archive, $"optimizer-{k}.bin", s =>
                {
                    using var writer = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
                    optimizer.save_state_dict(writer);
                });
            }
        });
    }

    /// <summary>Reads only the state (cheap: no tensors).</summary>
    public static TrainingState ReadState(string path)
    {
        using var archive = Open(path);
        using var stream = Entry(archive, path, "state.json").Open();
        return JsonSerializer.Deserialize<TrainingState>(stream, Json)
            ?? throw new InvalidDataException($"{path}: state.json is empty");
    }

    /// <summary>Loads the weights into <paramref name="model"/>, whose config must equal the checkpoint's.</summary>
    public static void LoadModel(string path, SrNetwork model)
    {
        var state = ReadState(path);
        var config = state.ModelConfig();
        if (!config.Equals(model.Config))
            throw new InvalidDataException($"{path}: checkpoint holds {config}, but the model is {model.Config}");
        using var archive = Open(path);
        using var buffer = Copy(Entry(archive, path, "model.bin"));
        model.load(buffer, strict: true);
    }

    /// <summary>Restores the optimisers' moments and step counts (exact resume).</summary>
    public static void LoadOptimizers(string path, IReadOnlyList<Adam> optimizers)
    {
        using var archive = Open(path);
        for (int k = 0; k < optimizers.Count; k++)
        {
            using var buffer = Copy(Entry(archive, path, $"optimizer-{k}.bin"));
            using var reader = new BinaryReader(buffer);
            optimizers[k].load_state_dict(reader);
        }
    }

    private static ZipArchive Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found", path);
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: not a training checkpoint ({e.Message})", e); }
    }

    private static ZipArchiveEntry Entry(ZipArchive archive, string path, string name) =>
        archive.GetEntry(name) ?? throw new InvalidDataException($"{path}: checkpoint has no {name}");

    // Zip entry streams cannot seek; TorchSharp's readers need a seekable stream.
    private static MemoryStream Copy(ZipArchiveEntry entry)
    {
        var buffer = new MemoryStream();
        using (var source = entry.Open()) source.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    private static void WriteEntry(ZipArchive archive, string name, Action<Stream> write)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        write(stream);
    }
}
