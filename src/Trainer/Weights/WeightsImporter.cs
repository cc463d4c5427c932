using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Reads official EDSR-PyTorch checkpoints (<c>torch.save(state_dict)</c>, zip or legacy format), BasicSR
/// <c>.pth</c> files (<c>{'params'|'params_ema': …}</c>, renamed keys, no mean tensors), safetensors and MlNetSr's own
/// fp32 ONNX exports, infers the
/// network (<see cref="ArchitectureInference"/>) or checks it against an expected config, and loads it strictly.
/// </summary>
public static class WeightsImporter
{
    /// <summary>Reads <paramref name="path"/> and returns a new network holding its weights.</summary>
    /// <param name="path">A PyTorch (zip or legacy) or safetensors weights file, or an fp32 ONNX model MlNetSr exported.</param>
    /// <param name="options">Overrides of what is inferred; null infers everything.</param>
    /// <exception cref="WeightsMismatchException">The weights do not fit the inferred or given config.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable EDSR/MDSR state_dict.</exception>
    public static ImportedWeights Import(string path, WeightsImportOptions? options = null)
    {
        options ??= new WeightsImportOptions();
        using var file = StateDictFile.Read(path, options.Wrapper);
        var tensors = OfficialTensors(file);

        var config = options.Config ?? InferChecked(tensors, options.ResScale ?? file.ResScale, path);
        if (options.Config is not null && options.ResScale is double rs) config = config.WithResScale(rs);

        var network = SrModelFactory.Create(config);
        try
        {
            var warnings = StateDictLoader.Load(network, tensors, $"{config} (from {path})");
            return new ImportedWeights(network, file.Format, file.Wrapper, KeyNaming.IsBasicSr(file.Tensors.Keys),
                tensors.ContainsKey("sub_mean.weight"), warnings)
            {
                ResScaleFromFile = options.Config is null && options.ResScale is null && file.ResScale is not null,
            };
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Loads a file strictly into an existing network (same rules as <see cref="Import"/>); returns warnings.</summary>
    public static IReadOnlyList<string> LoadInto(SrNetwork network, string path, string? wrapper = null)
    {
        using var file = StateDictFile.Read(path, wrapper);
        return StateDictLoader.Load(network, OfficialTensors(file), $"{network.Config} (from {path})");
    }

    /// <summary>The config a file implies, without building the network.</summary>
    public static ModelConfig InferConfig(string path, double? resScale = null, string? wrapper = null)
    {
        using var file = StateDictFile.Read(path, wrapper);
        return InferChecked(OfficialTensors(file), resScale ?? file.ResScale, path);
    }

    /// <summary>
    /// The inferred config, refused when the file cannot hold its weights: the feature count comes from one tensor,
    /// so a small hostile file could otherwise make us build a network of many gigabytes before the key check.
    /// Each body block holds two F x F x 3 x 3 convolutions and the body ends with one more: 9F²(2B+1) values at least.
    /// </summary>
    private static ModelConfig InferChecked(Dictionary<string, Tensor> tensors, double? resScale, string path)
    {
        ModelConfig config;
        try { config = ArchitectureInference.Infer(Shapes(tensors), resScale); }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        Int128 needed = 9 * (Int128)config.Features * config.Features * (2 * (Int128)config.Blocks + 1);
        Int128 held = 0;
        foreach (var tensor in tensors.Values) held += tensor.numel();
        if (needed > held)
            throw new InvalidDataException($"{path}: holds {held} values, but the {config} its shapes imply needs at least {needed}");
        return config;
    }

    /// <summary>The file's tensors under official EDSR-PyTorch names (the file keeps ownership).</summary>
    private static Dictionary<string, Tensor> OfficialTensors(StateDictFile file)
    {
        var names = KeyNaming.ToOfficial(file.Tensors.Keys.ToList());
        var duplicates = names.GroupBy(kv => kv.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw new InvalidDataException($"{file.Path}: several keys map onto {string.Join(", ", duplicates)}");
        return names.ToDictionary(kv => kv.Value, kv => file.Tensors[kv.Key], StringComparer.Ordinal);
    }

    private static Dictionary<string, long[]> Shapes(Dictionary<string, Tensor> tensors) =>
        tensors.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
}
