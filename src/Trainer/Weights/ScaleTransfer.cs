using static TorchSharp.torch;

namespace MlNetSr.Trainer.Weights;

/// <summary>What <see cref="ScaleTransfer"/> did with each key.</summary>
public sealed record ScaleTransferReport(
    IReadOnlyList<string> Copied,
    IReadOnlyList<string> SkippedTailMismatch,
    IReadOnlyList<string> NotInTarget,
    IReadOnlyList<string> KeptInitial);

/// <summary>
/// Initialises a network from another scale's weights with EDSR-PyTorch's pre-train rule (SR_SPEC §3.1): every
/// tensor whose shape matches is copied; a shape mismatch is tolerated only for keys containing "tail"; keys the
/// target lacks are ignored (EP loads with strict=False). x2→x4: tail.0.0 and tail.1 copied, tail.0.2 stays
/// random; x2→x3: tail.0.0 stays random, tail.1 copied. Unlike EP, a non-tail mismatch is refused before anything
/// is copied, and the report says exactly what was kept.
/// </summary>
public static class ScaleTransfer
{
    /// <summary>Copies the matching tensors of <paramref name="source"/> (official key names) into <paramref name="target"/>.</summary>
    /// <exception cref="WeightsMismatchException">A key without "tail" has another shape in the source; nothing is copied.</exception>
    public static ScaleTransferReport InitialiseFrom(nn.Module target, IReadOnlyDictionary<string, Tensor> source)
    {
        var own = target.state_dict();
        var copied = new List<string>();
        var skipped = new List<string>();
        var misshaped = new List<string>();
        foreach (var (key, tensor) in own)
        {
            if (!source.TryGetValue(key, out var value)) continue;
            if (value.shape.SequenceEqual(tensor.shape)) copied.Add(key);
            else if (key.Contains("tail", StringComparison.Ordinal)) skipped.Add(key);
            else misshaped.Add($"{key}: source [{string.Join(",", value.shape)}] vs target [{string.Join(",", tensor.shape)}]");
        }
        if (misshaped.Count > 0) throw new WeightsMismatchException("the target network", [], [], misshaped);

        using (no_grad())
        {
            foreach (string key in copied) own[key].copy_(source[key]);
        }
        var notInTarget = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var kept = own.Keys.Where(k => !copied.Contains(k)).ToList();
        return new ScaleTransferReport(copied, skipped, notInTarget, kept);
    }

    /// <summary>Copies the matching tensors of <paramref name="source"/>'s state_dict into <paramref name="target"/>.</summary>
    /// <exception cref="WeightsMismatchException">A key without "tail" has another shape in the source; nothing is copied.</exception>
    public static ScaleTransferReport InitialiseFrom(nn.Module target, nn.Module source) =>
        InitialiseFrom(target, source.state_dict());
}
