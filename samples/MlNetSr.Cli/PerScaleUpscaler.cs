using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;

namespace MlNetSr.Cli;

/// <summary>
/// One upscaler per scale behind one name, so a single evaluation scores the embedded default models of several
/// scales (each a separate single-scale network) into one table.
/// </summary>
public sealed class PerScaleUpscaler(IReadOnlyDictionary<int, SuperResolver> resolvers, string name) : IUpscaler, IDisposable
{
    public string Name => name;

    public bool Supports(int scale) => resolvers.ContainsKey(scale);

    public ByteImage Upscale(ByteImage lowResolution, int scale) =>
        resolvers.TryGetValue(scale, out var resolver)
            ? resolver.Upscale(lowResolution, scale)
            : throw new ArgumentException($"{name}: no model for x{scale}", nameof(scale));

    public void Dispose()
    {
        foreach (var resolver in resolvers.Values) resolver.Dispose();
    }
}
