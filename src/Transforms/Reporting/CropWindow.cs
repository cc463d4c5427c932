namespace MlNetSr.Reporting;

/// <summary>A rectangle of an HR image, in HR pixels: [X, X+Width) x [Y, Y+Height).</summary>
public readonly record struct CropWindow(int X, int Y, int Width, int Height)
{
    /// <summary>Parses "x,y,w,h" (the CLI's <c>--crop</c>); the message names the option and the value.</summary>
    public static CropWindow Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"crop '{text}' is not x,y,width,height (four whole numbers)");
        var v = parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new CropWindow(v[0], v[1], v[2], v[3]);
    }

    /// <summary>"x,y,w,h".</summary>
    public override string ToString() => $"{X},{Y},{Width},{Height}";
}
