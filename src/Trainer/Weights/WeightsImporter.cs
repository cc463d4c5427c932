using MlNetSr.Trainer.Models;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Reads official EDSR-PyTorch checkpoints (<c>torch.save(state_dict)</c>, zip or legacy format), BasicSR
/// <c>.pth</c> files (<c>{'params'|'params_ema': …}</c>, renamed keys, no mean tensors) and safetensors, infers the
/// network (<see cref="ArchitectureInference"/>) or checks it against an expected config, and loads it strictly.
/// </summary>
public static class WeightsImporter
{
    /// <summary>Reads <paramref name="path"/> and returns a new network holding its weights.</summary>
    /// <param name="path">A PyTorch (zip or legacy) or safetensors weights file.</param>
    /// <param name="options">Overrides of what is inferred; null infers everything.</param>
    /// <exception cref="WeightsMismatchException">The weights do not fit the inferred or given config.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable EDSR/MDSR state_dict.</exception>
    public static ImportedWeights Import(string path, WeightsImportOptions? options = null)
    {
        options ??= new WeightsImportOptions();
        using var file = StateDictFile.Read(path, options.Wrapper);
        var tensors = OfficialTensors(file);

        var config = options.Config ?? ArchitectureInference.Infer(Shapes(tensors), options.ResScale);
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

    /// <summary>Loads a file strictly into an existing network (same rules as <see cref="Import"/>); returns warnings.</summary>
    public static IReadOnlyList<string> LoadInto(SrNetwork network, string path, string? wrapper = null)
    {
        using var file = StateDictFile.Read(path, wrapper);
        return StateDictLoader.Load(network, OfficialTensors(file), network.Config.ToString());
    }

    /// <summary>The config a file implies, without building the network.</summary>
    public static ModelConfig InferConfig(string path, double? resScale = null, string? wrapper = null)
    {
        using var file = StateDictFile.Read(path, wrapper);
        return ArchitectureInference.Infer(Shapes(OfficialTensors(file)), resScale);
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
