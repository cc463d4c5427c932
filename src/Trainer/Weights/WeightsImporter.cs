using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Reads official EDSR-PyTorch checkpoints (<c>torch.save(state_dict)</c>, zip format), BasicSR <c>.pth</c> files
/// (<c>{'params'|'params_ema': …}</c>, renamed keys, no mean tensors) and safetensors, infers the network
/// (<see cref="ArchitectureInference"/>) or checks it against an expected config, and loads it strictly.
/// The legacy non-zip <c>torch.save</c> format is refused with a conversion hint (PyBridge 1.4.4 cannot read it).
/// </summary>
public static class WeightsImporter
{
    public static ImportedWeights Import(string path, WeightsImportOptions? options = null)
    {
        options ??= new WeightsImportOptions();
        using var file = StateDictFile.Read(path, options.Wrapper);
        var names = KeyNaming.ToOfficial(file.Tensors.Keys.ToList());
        var duplicates = names.GroupBy(kv => kv.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidDataException($"{path}: several keys map onto {string.Join(", ", duplicates)}");
        var tensors = names.ToDictionary(kv => kv.Value, kv => file.Tensors[kv.Key], StringComparer.Ordinal);

        var config = options.Config ?? ArchitectureInference.Infer(
            tensors.ToDictionary(kv => kv.Key, kv => kv.Value.shape), options.ResScale);
        if (options.Config is not null && options.ResScale is double rs) config = config.WithResScale(rs);

        var network = SrModelFactory.Create(config);
        try
        {
            var warnings = StateDictLoader.Load(network, tensors, config.ToString());
            return new ImportedWeights(network, file.Format, file.Wrapper, KeyNaming.IsBasicSr(file.Tensors.Keys),
                tensors.ContainsKey("sub_mean.weight"), warnings);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Loads a file strictly into an existing network (same rules as <see cref="Import"/>).</summary>
    public static IReadOnlyList<string> LoadInto(SrNetwork network, string path, string? wrapper = null)
    {
        using var file = StateDictFile.Read(path, wrapper);
        var names = KeyNaming.ToOfficial(file.Tensors.Keys.ToList());
        var tensors = names.ToDictionary(kv => kv.Value, kv => file.Tensors[kv.Key], StringComparer.Ordinal);
        return StateDictLoader.Load(network, tensors, network.Config.ToString());
    }

    /// <summary>The config a file implies, without building the network.</summary>
    public static ModelConfig InferConfig(string path, double? resScale = null, string? wrapper = null)
    {
        using var file = StateDictFile.Read(path, wrapper);
        var names = KeyNaming.ToOfficial(file.Tensors.Keys.ToList());
        return ArchitectureInference.Infer(names.ToDictionary(kv => kv.Value, kv => file.Tensors[kv.Key].shape), resScale);
    }
}
