namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Weights that do not fit the target network. Thrown before any tensor is copied, so the network is never
/// half-loaded. The message lists every missing, unexpected and mis-shaped key.
/// </summary>
public sealed class WeightsMismatchException : Exception
{
    /// <summary>An exception whose message names <paramref name="target"/> and lists the three key lists.</summary>
    /// <param name="target">The network the weights were meant for, as the message names it.</param>
    /// <param name="missing">Keys the network needs and the file lacks.</param>
    /// <param name="unexpected">Keys in the file the network does not have.</param>
    /// <param name="misshaped">One description per key whose shapes differ.</param>
    public WeightsMismatchException(string target, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> misshaped)
        : base(Describe(target, missing, unexpected, misshaped))
    {
        Missing = missing;
        Unexpected = unexpected;
        Misshaped = misshaped;
    }

    /// <summary>Keys the network needs and the file lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Keys in the file the network does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>"key: file [a,b] vs model [c,d]" for every key whose shapes differ.</summary>
    public IReadOnlyList<string> Misshaped { get; }

    private static string Describe(string target, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> misshaped)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing keys ({missing.Count}): {string.Join(", ", missing)}");
        if (unexpected.Count > 0) parts.Add($"unexpected keys ({unexpected.Count}): {string.Join(", ", unexpected)}");
        if (misshaped.Count > 0) parts.Add($"mis-shaped keys ({misshaped.Count}): {string.Join("; ", misshaped)}");
        return $"weights do not fit {target}: {string.Join(" | ", parts)}";
    }
}
