using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Models.Blocks;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Strict, all-or-nothing copy of a state_dict (official key names) into a network: every key is checked first
/// (missing / unexpected / mis-shaped → <see cref="WeightsMismatchException"/>), then every tensor is copied.
/// The MeanShift tensors are the one allowed gap: BasicSR files have none, and the constants are already in place.
/// </summary>
public static class StateDictLoader
{
    private static readonly string[] MeanKeys = ["sub_mean.weight", "sub_mean.bias", "add_mean.weight", "add_mean.bias"];

    /// <summary>Copies <paramref name="source"/> into <paramref name="network"/>; returns warnings (e.g. a trained MeanShift).</summary>
    public static IReadOnlyList<string> Load(nn.Module network, IReadOnlyDictionary<string, Tensor> source, string targetName)
    {
        var target = network.state_dict();
        var missing = target.Keys.Where(k => !source.ContainsKey(k) && !MeanKeys.Contains(k)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var misshaped = target.Keys.Where(source.ContainsKey)
            .Where(k => !source[k].shape.SequenceEqual(target[k].shape))
            .Select(k => $"{k}: file [{string.Join(",", source[k].shape)}] vs model [{string.Join(",", target[k].shape)}]")
            .ToList();
        if (missing.Count + unexpected.Count + misshaped.Count > 0)
            throw new WeightsMismatchException(targetName, missing, unexpected, misshaped);

        using (no_grad())
        {
            foreach (var (key, tensor) in target)
                if (source.TryGetValue(key, out var value)) tensor.copy_(value);
        }
        return MeanShiftWarnings(source);
    }

    // EP trained MeanShift by mistake between 2018-04 and 2018-11 (SR_SPEC §1.2): say so when a file's values drift.
    private static List<string> MeanShiftWarnings(IReadOnlyDictionary<string, Tensor> source)
    {
        var warnings = new List<string>();
        foreach (var (name, sign) in new[] { ("sub_mean", -1), ("add_mean", +1) })
        {
            if (!source.TryGetValue($"{name}.weight", out var weight) || !source.TryGetValue($"{name}.bias", out var bias)) continue;
            using var expectedWeight = MeanShift.IdentityWeight();
            using var expectedBias = MeanShift.Bias(sign);
            using var w = weight.to_type(ScalarType.Float32);
            using var b = bias.to_type(ScalarType.Float32);
            double dw = (w - expectedWeight).abs().max().item<float>();
            double db = (b - expectedBias).abs().max().item<float>();
            if (dw > 1e-4 || db > 1e-2)
                warnings.Add($"{name} differs from identity / {(sign < 0 ? "-" : "+")}255·DIV2K mean (max |Δw| {dw:g3}, |Δb| {db:g3}): " +
                             "the file's values are used");
        }
        return warnings;
    }
}
