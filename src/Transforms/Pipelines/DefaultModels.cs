using System.Collections.Concurrent;
using MlNetSr.Inference;

namespace MlNetSr.Pipelines;

/// <summary>
/// The models shipped inside this assembly (trained by the project, see docs/MODEL_CARD.md): one ONNX file per scale,
/// read from the embedded resource on first use and kept for the life of the process. Each scale also has an int8
/// (QDQ) version, <c>edsr-baseline-x{s}.int8.onnx</c>, made by <see cref="Quantization.Int8Quantizer"/>.
/// </summary>
public static class DefaultModels
{
    private const string Prefix = "MlNetSr.Models.";
    private const string Int8Suffix = ".int8";
    private static readonly ConcurrentDictionary<(int, Precision), Lazy<byte[]>> Loaded = new();

    /// <summary>Scales that have an embedded model.</summary>
    public static IReadOnlyList<int> Scales { get; } = typeof(DefaultModels).Assembly.GetManifestResourceNames()
        .Where(n => !IsInt8(n)).Select(ScaleOf).OfType<int>().Order().ToArray();

    /// <summary>Resource name of the embedded model, e.g. "edsr-baseline-x3.onnx" or, for int8, "edsr-baseline-x3.int8.onnx".</summary>
    public static string NameFor(int scale, Precision precision = Precision.Float32) => ResourceFor(scale, precision)[Prefix.Length..];

    /// <summary>The ONNX bytes of the default model for <paramref name="scale"/> in <paramref name="precision"/>
    /// (Auto is resolved for this machine's CPU: see <see cref="PrecisionChoice"/>).</summary>
    public static byte[] Get(int scale, Precision precision = Precision.Float32)
    {
        precision = PrecisionChoice.Resolve(precision, ExecutionDevice.Cpu);
        return Loaded.GetOrAdd((scale, precision), key => new Lazy<byte[]>(() => Read(key.Item1, key.Item2))).Value;
    }

    private static byte[] Read(int scale, Precision precision)
    {
        using var stream = typeof(DefaultModels).Assembly.GetManifestResourceStream(ResourceFor(scale, precision))!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string ResourceFor(int scale, Precision precision = Precision.Float32) =>
        typeof(DefaultModels).Assembly.GetManifestResourceNames().FirstOrDefault(n => ScaleOf(n) == scale && IsInt8(n) == (precision == Precision.Int8))
        ?? throw new ArgumentOutOfRangeException(nameof(scale),
            $"no embedded default model for scale {scale}; embedded scales: {string.Join(", ", Scales)} (give a model file for other scales)");

    private static bool IsInt8(string resource) => resource.EndsWith(Int8Suffix + ".onnx", StringComparison.Ordinal);

    // "MlNetSr.Models.edsr-baseline-x3.onnx" and "MlNetSr.Models.edsr-baseline-x3.int8.onnx" -> 3
    private static int? ScaleOf(string resource)
    {
        if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".onnx", StringComparison.Ordinal)) return null;
        string stem = resource[..^".onnx".Length];
        if (stem.EndsWith(Int8Suffix, StringComparison.Ordinal)) stem = stem[..^Int8Suffix.Length];
        int x = stem.LastIndexOf("-x", StringComparison.Ordinal);
        return x > 0 && int.TryParse(stem.AsSpan(x + 2), out int scale) ? scale : null;
    }
}
