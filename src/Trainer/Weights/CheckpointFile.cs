using System.Text.Json;
using MlNetSr.IO;
using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// MlNetSr's own checkpoint: the official-keyed PyTorch state_dict (zip format, so PyTorch and EDSR-PyTorch read
/// it as is) plus a JSON sidecar <c>&lt;path&gt;.json</c> (<see cref="CheckpointMetadata"/>) holding the config.
/// Both are written atomically, weights first, so a sidecar never describes missing weights.
/// </summary>
public static class CheckpointFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The sidecar of <paramref name="weightsPath"/>: the same path with <c>.json</c> appended.</summary>
    public static string SidecarPath(string weightsPath) => weightsPath + ".json";

    /// <summary>Writes the weights to <paramref name="path"/>, then the sidecar.</summary>
    /// <param name="network">The network to save.</param>
    /// <param name="path">The weights file (e.g. <c>best.pt</c>).</param>
    /// <param name="source">Where the weights came from, stored in the sidecar.</param>
    /// <param name="extra">Free-form facts for <see cref="CheckpointMetadata.Extra"/>.</param>
    public static void Save(SrNetwork network, string path, string? source = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        WeightsExporter.SavePyTorch(network, path);
        AtomicFile.WriteAllText(SidecarPath(path), JsonSerializer.Serialize(CheckpointMetadata.From(network.Config, source, extra), Json));
    }

    /// <summary>The sidecar, or null when the file has none (a plain foreign state_dict).</summary>
    public static CheckpointMetadata? ReadMetadata(string path)
    {
        string sidecar = SidecarPath(path);
        if (!File.Exists(sidecar)) return null;
        return JsonSerializer.Deserialize<CheckpointMetadata>(File.ReadAllText(sidecar), Json)
               ?? throw new InvalidDataException($"{sidecar}: empty checkpoint metadata");
    }

    /// <summary>
    /// Loads a checkpoint strictly. The config comes from the sidecar; without one it is inferred from the shapes
    /// (so any official state_dict file loads too).
    /// </summary>
    public static SrNetwork Load(string path)
    {
        var metadata = ReadMetadata(path);
        if (metadata is null) return WeightsImporter.Import(path).Network;
        if (metadata.FormatVersion > CheckpointMetadata.CurrentFormatVersion)
            throw new InvalidDataException($"{SidecarPath(path)}: format_version {metadata.FormatVersion} is newer than this library's {CheckpointMetadata.CurrentFormatVersion}");
        if (metadata.RgbRange != 255)
            throw new InvalidDataException($"{SidecarPath(path)}: rgb_range {metadata.RgbRange} is not supported: the models work on [0,255]");
        return WeightsImporter.Import(path, new WeightsImportOptions { Config = metadata.ToConfig() }).Network;
    }
}
