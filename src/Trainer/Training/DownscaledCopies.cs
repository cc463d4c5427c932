using System.Globalization;
using MlNetSr.Imaging;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// Scale augmentation for small training sets (VDSR's on the same 291 images): each HR image also enters training
/// shrunk by each factor with the MATLAB bicubic, so the network sees the same scenes at several sizes. The copies
/// are new HR images; their LR images are made from them like any other's.
/// </summary>
public static class DownscaledCopies
{
    /// <summary>One training source: an HR image, the file it came from, and its factor (1 for the original).</summary>
    public sealed record Source(string File, string Name, ByteImage Image, double Factor);

    /// <summary>The originals followed by each image's copy at each factor, in file order.</summary>
    /// <param name="files">The HR files, parallel to <paramref name="images"/>.</param>
    /// <param name="images">The HR images (RGB).</param>
    /// <param name="factors">Shrink factors, each above 0 and below 1 (<see cref="Check"/>).</param>
    public static IReadOnlyList<Source> Expand(IReadOnlyList<string> files, IReadOnlyList<ByteImage> images, IReadOnlyList<double> factors)
    {
        var sources = new List<Source>(files.Count * (1 + factors.Count));
        for (int i = 0; i < files.Count; i++)
            sources.Add(new Source(files[i], NameOf(files[i], 1.0), images[i], 1.0));
        if (factors.Count == 0) return sources;
        var copies = new Source[files.Count * factors.Count];
        Concurrency.ParallelLoop.For(copies.Length, k =>
        {
            int i = k / factors.Count;
            double factor = factors[k % factors.Count];
            copies[k] = new Source(files[i], NameOf(files[i], factor), MatlabBicubic.Resize(images[i], ScaleFactor.Of(factor)), factor);
        });
        sources.AddRange(copies);
        return sources;
    }

    /// <summary>"name.png@0.8": how a copy is named in logs and skip lists.</summary>
    public static string NameOf(string file, double factor) => Path.GetFileName(file) + Suffix(factor);

    /// <summary>"@0.8" for a copy, "" for an original (factor 1): marks a copy's entries in the LR cache.</summary>
    public static string Suffix(double factor) =>
        factor == 1.0 ? "" : "@" + factor.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Checks a factor list: each above 0 and below 1, none twice, and no paired LR folder beside copies.</summary>
    /// <param name="factors">The shrink factors.</param>
    /// <param name="lowResolutionFolder">The run's paired LR folder, if any: it pairs LR images with the originals only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A factor is not in (0, 1) or is repeated.</exception>
    /// <exception cref="ArgumentException">Copies are asked for with a paired LR folder.</exception>
    public static void Check(IReadOnlyList<double> factors, string? lowResolutionFolder)
    {
        foreach (double factor in factors)
            if (!(factor > 0 && factor < 1))
                throw new ArgumentOutOfRangeException(nameof(factors),
                    $"--downscale-copies {Describe(factors)}: each factor must be above 0 and below 1 (1 is the original, always used)");
        if (factors.Distinct().Count() != factors.Count)
            throw new ArgumentOutOfRangeException(nameof(factors), $"--downscale-copies {Describe(factors)}: a factor is given twice");
        if (factors.Count > 0 && lowResolutionFolder is not null)
            throw new ArgumentException($"--downscale-copies and --lr-data {lowResolutionFolder} do not go together: paired LR images exist only for the originals", nameof(factors));
    }

    /// <summary>"0.9,0.8": a factor list as the option takes it.</summary>
    public static string Describe(IReadOnlyList<double> factors) =>
        string.Join(",", factors.Select(f => f.ToString(CultureInfo.InvariantCulture)));
}
