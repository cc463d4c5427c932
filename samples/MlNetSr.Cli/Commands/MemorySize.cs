using System.Globalization;
using System.Text.RegularExpressions;

namespace MlNetSr.Cli.Commands;

/// <summary>Parses sizes as people write them: "1GiB", "1.5GB", "512MiB", "800M", or plain bytes (binary units throughout).</summary>
public static partial class MemorySize
{
    public static long Parse(string text, string option)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value <= 0)
            throw new UsageException($"{option} '{text}' is not a size: write e.g. 1GiB, 512MiB or a number of bytes");
        long unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            var other => throw new UsageException($"{option} '{text}': unknown unit '{other}' (use KiB, MiB or GiB)"),
        };
        return (long)(value * unit);
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$")]
    private static partial Regex SizePattern();
}
