using System.Text.RegularExpressions;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// Maps foreign key names onto the official EDSR-PyTorch (EP) names: a DataParallel <c>module.</c> prefix is
/// dropped, and BasicSR names are renamed per SR_SPEC §1.2 (<c>conv_first</c>→<c>head.0</c>,
/// <c>body.i.conv1/2</c>→<c>body.i.body.0/2</c>, <c>conv_after_body</c>→<c>body.B</c>,
/// <c>upsample.0/2</c>→<c>tail.0.0/2</c>, <c>conv_last</c>→<c>tail.1</c>).
/// </summary>
public static partial class KeyNaming
{
    /// <summary>True when the keys use BasicSR's EDSR names.</summary>
    public static bool IsBasicSr(IEnumerable<string> keys) => keys.Any(k => k.StartsWith("conv_first.", StringComparison.Ordinal));

    /// <summary>EP name for every key (unchanged when already EP-style); BasicSR names need B for <c>conv_after_body</c>.</summary>
    public static Dictionary<string, string> ToOfficial(IReadOnlyCollection<string> keys)
    {
        var stripped = keys.ToDictionary(k => k, k => k.StartsWith("module.", StringComparison.Ordinal) ? k["module.".Length..] : k);
        if (!IsBasicSr(stripped.Values)) return stripped;

        int blocks = stripped.Values.Select(k => BasicSrBlock().Match(k)).Where(m => m.Success)
            .Select(m => int.TryParse(m.Groups[1].Value, out int index) && index < int.MaxValue ? index + 1 : 0).DefaultIfEmpty(0).Max();
        return stripped.ToDictionary(kv => kv.Key, kv => RenameBasicSr(kv.Value, blocks));
    }

    private static string RenameBasicSr(string key, int blocks)
    {
        int dot = key.LastIndexOf('.');
        if (dot < 0) return key; // no module part: the validator reports it as unexpected
        string module = key[..dot], leaf = key[(dot + 1)..];
        var block = BasicSrBlock().Match(key);
        string renamed = module switch
        {
            "conv_first" => "head.0",
            "conv_after_body" => $"body.{blocks}",
            "upsample.0" => "tail.0.0",
            "upsample.2" => "tail.0.2",
            "conv_last" => "tail.1",
            _ when block.Success => $"body.{block.Groups[1].Value}.body.{(block.Groups[2].Value == "1" ? 0 : 2)}",
            _ => module, // left as is: the validator reports it as unexpected
        };
        return $"{renamed}.{leaf}";
    }

    [GeneratedRegex(@"^body\.(\d+)\.conv([12])\.")]
    private static partial Regex BasicSrBlock();
}
