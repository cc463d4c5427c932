using System.Globalization;

namespace MlNetSr.Cli;

/// <summary>Parses "--scale 2,3,4" into whole-number scales and says which value is wrong and why.</summary>
public static class ScaleList
{
    public static IReadOnlyList<int> Parse(string text, int minimum = 2, int maximum = 8)
    {
        var scales = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int scale) || scale < minimum || scale > maximum)
                throw new UsageException($"--scale '{part}' is not supported: use whole numbers from {minimum} to {maximum}, separated by commas (e.g. 2,3,4)");
            if (!scales.Contains(scale)) scales.Add(scale);
        }
        return scales;
    }
}
