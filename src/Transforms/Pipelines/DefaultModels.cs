using System.Collections.Concurrent;

namespace MlNetSr.Pipelines;

/// <summary>
/// The models shipped inside this assembly (trained by the project, see docs/MODEL_CARD.md): one ONNX file per scale,
/// read from the embedded resource on first use and kept for the life of the process.
/// </summary>
public static class DefaultModels
{
    private const string Prefix = "MlNetSr.Models.";
    private static readonly ConcurrentDictionary<int, Lazy<byte[]>> Loaded = new();

    /// <summary>Scales that have an embedded model.</summary>
    public static IReadOnlyList<int> Scales { get; } = typeof(DefaultModels).Assembly.GetManifestResourceNames()
        .Select(ScaleOf).OfType<int>().Order().ToArray();

    /// <summary>Resource name of the embedded model, e.g. "edsr-baseline-x3.onnx".</summary>
    public static string NameFor(int scale) => ResourceFor(scale)[Prefix.Length..];

    /// <summary>The ONNX bytes of the default model for <paramref name="scale"/>.</summary>
    public static byte[] Get(int scale) => Loaded.GetOrAdd(scale, s => new Lazy<byte[]>(() => Read(s))).Value;

    private static byte[] Read(int scale)
    {
        using var stream = typeof(DefaultModels).Assembly.GetManifestResourceStream(ResourceFor(scale))!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string ResourceFor(int scale) =>
        typeof(DefaultModels).Assembly.GetManifestResourceNames().FirstOrDefault(n => ScaleOf(n) == scale)
        ?? throw new ArgumentOutOfRangeException(nameof(scale),
            $"no embedded default model for scale {scale}; embedded scales: {string.Join(", ", Scales)} (give a model file for other scales)");

    // "MlNetSr.Models.edsr-baseline-x3.onnx" -> 3
    private static int? ScaleOf(string resource)
    {
        if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".onnx", StringComparison.Ordinal)) return null;
        int x = resource.LastIndexOf("-x", StringComparison.Ordinal);
        return x > 0 && int.TryParse(resource.AsSpan(x + 2, resource.Length - ".onnx".Length - x - 2), out int scale) ? scale : null;
    }
}
