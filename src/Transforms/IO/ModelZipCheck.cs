using System.Globalization;
using System.IO.Compression;

namespace MlNetSr.IO;

/// <summary>Bounds <see cref="ModelZipCheck"/> applies to a saved ML.NET model (a zip archive).</summary>
public sealed record ModelZipLimits
{
    /// <summary>Most bytes all entries together may expand to (default 4 GiB; an SR pipeline is a few MB).</summary>
    public long MaxExpandedBytes { get; init; } = 4L << 30;

    /// <summary>Most entries (default 10,000; an SR pipeline has about 30).</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Largest expanded/compressed ratio of one entry (default 200: ONNX weights compress about 1.1:1, text 5:1).</summary>
    public double MaxCompressionRatio { get; init; } = 200;
}

/// <summary>
/// Inspects a model zip before ML.NET opens it: entry count, declared expanded sizes and compression ratios from
/// the central directory, and entry names (no absolute or parent paths). The declared sizes are what counts:
/// .NET's zip reader stops an entry at its declared size, however far its data would inflate (a test holds it to
/// that). A zip bomb is thus refused with its sizes in the message before <c>mlContext.Model.Load</c> would
/// inflate it. <c>mlContext.SuperResolution().LoadModel</c> runs it.
/// </summary>
public static class ModelZipCheck
{
    /// <summary>Checks <paramref name="path"/> against <paramref name="limits"/> (defaults when null).</summary>
    /// <exception cref="InvalidDataException">the file is not a zip, or breaks a limit (the message gives the sizes)</exception>
    /// <exception cref="FileNotFoundException">there is no such file</exception>
    public static void Check(string path, ModelZipLimits? limits = null)
    {
        limits ??= new ModelZipLimits();
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found", path);
        ZipArchive archive;
        try { archive = ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: not a saved model (zip archive): {e.Message}", e); }
        using (archive)
        {
            var entries = archive.Entries;
            if (entries.Count > limits.MaxEntries)
                throw new InvalidDataException($"{path}: {entries.Count} zip entries, more than the {limits.MaxEntries} allowed (ModelZipLimits.MaxEntries)");
            long total = 0;
            foreach (var entry in entries)
            {
                if (Path.IsPathRooted(entry.FullName) || entry.FullName.Replace('\\', '/').Split('/').Contains(".."))
                    throw new InvalidDataException($"{path}: zip entry '{entry.FullName}' points outside the archive");
                if (entry.Length > limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: zip entry '{entry.FullName}' expands {entry.CompressedLength:N0} bytes to {entry.Length:N0} " +
                                                   $"(ratio over {limits.MaxCompressionRatio:0.#}, ModelZipLimits.MaxCompressionRatio): a zip bomb?"));
                total += entry.Length;
                if (total > limits.MaxExpandedBytes)
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: zip entries expand to more than {limits.MaxExpandedBytes:N0} bytes (ModelZipLimits.MaxExpandedBytes) from a {new FileInfo(path).Length:N0}-byte file"));
            }
        }
    }
}
