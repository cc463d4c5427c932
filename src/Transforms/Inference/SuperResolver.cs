using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Inference;

/// <summary>
/// The inference engine (the one tiler, used by the CLI and by <c>SuperResolve</c> in ML.NET pipelines): upscales an
/// 8-bit image with an <see cref="SrOnnxModel"/>, tile by tile, with tiles derived from a memory budget (or a fixed
/// tile size), optionally with the x8 self-ensemble (SR_SPEC §5.1: the 8 flips/transposes of each tile's input,
/// outputs transformed back, averaged in float), then rounded and clamped to 8 bits. It reads the input bytes and
/// writes the output bytes in place through <see cref="PixelLayout"/>s, so besides the two images only one tile's
/// buffers exist. Gray images are replicated to RGB; the result is always RGB. Safe for concurrent callers (each call
/// has its own buffers; the ONNX session is shared), each using up to the memory budget.
/// </summary>
public sealed class SuperResolver : IUpscaler, IDisposable
{
    private readonly SrOnnxModel model;
    private readonly InferenceOptions options;
    private readonly bool ownsModel;

    /// <param name="model">the network</param>
    /// <param name="options">tiling, self-ensemble (the device settings are the model's)</param>
    /// <param name="ownsModel">dispose the model with this engine</param>
    public SuperResolver(SrOnnxModel model, InferenceOptions? options = null, bool ownsModel = false)
    {
        this.model = model;
        this.options = options ?? new InferenceOptions();
        this.options.Validate();
        this.ownsModel = ownsModel;
    }

    /// <summary>The network this engine runs.</summary>
    public SrOnnxModel Model => model;

    /// <summary>The model's upscaling factor.</summary>
    public int Scale => model.Scale;

    /// <summary>LR context per tile side actually used.</summary>
    public int Margin => options.Margin ?? model.ReceptiveField ?? SrOnnxModel.FallbackReceptiveField;

    /// <summary>The model's name, with the self-ensemble when on.</summary>
    public string Name => model.Name + (options.SelfEnsemble ? " (+x8 self-ensemble)" : "");

    /// <summary>Estimated bytes per LR pixel of one forward region (<see cref="ForwardMemory"/>).</summary>
    public long BytesPerRegionPixel => ForwardMemory.BytesPerRegionPixel(model.Features ?? ForwardMemory.AssumedFeatures, model.Scale, options.TileBatch);

    /// <inheritdoc/>
    public bool Supports(int scale) => scale == model.Scale;

    /// <inheritdoc/>
    public ByteImage Upscale(ByteImage lowResolution, int scale)
    {
        if (scale != model.Scale) throw new ArgumentException($"{model.Name} is a x{model.Scale} model; x{scale} was asked for", nameof(scale));
        return Upscale(lowResolution);
    }

    /// <param name="lowResolution">the image to enlarge</param>
    /// <param name="progress">receives (tiles done, tiles total)</param>
    public ByteImage Upscale(ByteImage lowResolution, IProgress<(int Done, int Total)>? progress = null)
    {
        int width = lowResolution.Width, height = lowResolution.Height, s = model.Scale;
        CheckOutputSize(width, height);
        var output = new ByteImage(width * s, height * s, 3);
        var source = lowResolution.IsGray ? PixelLayout.PlanarGray(width, height) : PixelLayout.PlanarRgb(width, height);
        Upscale(lowResolution.Data, source, output.Data, PixelLayout.PlanarRgb(output.Width, output.Height), progress);
        return output;
    }

    /// <summary>
    /// The tile core size used for a width x height LR image: <see cref="InferenceOptions.TileSize"/> when set, else the
    /// cheapest tiling that fits <see cref="InferenceOptions.MemoryBudget"/> (the whole image when it fits).
    /// </summary>
    /// <exception cref="MemoryBudgetException">the budget cannot hold the smallest tile</exception>
    public (int Width, int Height) TileFor(int width, int height)
    {
        if (options.TileSize is int tile) return (tile, tile);
        try { return TilePlan.SizeFor(width, height, Margin, options.MemoryBudget / BytesPerRegionPixel); }
        catch (MemoryBudgetException) { throw BudgetTooSmall(width, height); }
    }

    /// <summary>Fails now, not at the first large image, when the budget cannot hold this model's smallest tile.</summary>
    /// <exception cref="MemoryBudgetException">it cannot</exception>
    public void CheckMemoryBudget()
    {
        long side = TilePlan.MinimumTile + 2L * Margin;
        if (options.TileSize is null && side * side * BytesPerRegionPixel > options.MemoryBudget) throw BudgetTooSmall(int.MaxValue, int.MaxValue);
    }

    private MemoryBudgetException BudgetTooSmall(int width, int height)
    {
        long side = TilePlan.MinimumTile + 2L * Margin, needed = Math.Min(width, side) * Math.Min(height, side) * BytesPerRegionPixel;
        return new MemoryBudgetException($"memory budget {ForwardMemory.Describe(options.MemoryBudget)} is too small for {model.Name} (x{model.Scale}): " +
            $"its smallest tile ({TilePlan.MinimumTile} LR pixels plus the {Margin}-pixel context per side) needs about {ForwardMemory.Describe(needed)}; raise the budget or give a tile size");
    }

    /// <summary>
    /// Upscales the image in <paramref name="source"/> (laid out as <paramref name="sourceLayout"/>) into
    /// <paramref name="target"/> (laid out as <paramref name="targetLayout"/>, <see cref="Scale"/> times larger),
    /// writing R, G, B and, where the layout has one, alpha = 255.
    /// </summary>
    public void Upscale(ReadOnlySpan<byte> source, PixelLayout sourceLayout, Span<byte> target, PixelLayout targetLayout,
        IProgress<(int Done, int Total)>? progress = null)
    {
        int width = sourceLayout.Width, height = sourceLayout.Height, s = model.Scale;
        if (targetLayout.Width != width * s || targetLayout.Height != height * s)
            throw new ArgumentException($"the target is {targetLayout.Width}x{targetLayout.Height}; a {width}x{height} image at x{s} gives {width * s}x{height * s}");
        if (source.Length < sourceLayout.RequiredLength || target.Length < targetLayout.RequiredLength)
            throw new ArgumentException($"buffers of {source.Length} and {target.Length} bytes are too small for their layouts");
        CheckOutputSize(width, height);
        var (tileWidth, tileHeight) = TileFor(width, height);
        var tiles = TilePlan.For(width, height, tileWidth, tileHeight, Margin);
        var transforms = options.SelfEnsemble ? Dihedral.All : [default(Dihedral)];
        // Every region has one size (TilePlan), so one set of buffers serves the whole image.
        var buffers = new TileBuffers(options.TileBatch, tiles[0].RegionWidth, tiles[0].RegionHeight, s);
        int done = 0;
        foreach (var chunk in tiles.Chunk(options.TileBatch))
        {
            RunChunk(source, sourceLayout, chunk, transforms, buffers);
            for (int i = 0; i < chunk.Length; i++) WriteCore(buffers.Sums[i], chunk[i], transforms.Count, target, targetLayout);
            done += chunk.Length;
            progress?.Report((done, tiles.Count));
        }
    }

    private void CheckOutputSize(int width, int height)
    {
        int s = model.Scale;
        if ((long)width * s * height * s * 4 > int.MaxValue)
            throw new ArgumentException($"a {width}x{height} image at x{s} gives {(long)width * s}x{(long)height * s}, over 2^31 output bytes; split it first");
    }

    private sealed class TileBuffers(int batch, int regionWidth, int regionHeight, int scale)
    {
        public readonly int RegionSize = 3 * regionWidth * regionHeight;
        public readonly float[] Region = new float[3 * regionWidth * regionHeight];
        public readonly float[] Input = new float[batch * 3 * regionWidth * regionHeight];
        public readonly float[] Output = new float[batch * 3 * regionWidth * regionHeight * scale * scale];
        public readonly float[][] Sums = Enumerable.Range(0, batch).Select(_ => new float[3 * regionWidth * regionHeight * scale * scale]).ToArray();
    }

    // Forward passes of the chunk's regions, one per transform; each region's output, summed over the transforms,
    // ends in buffers.Sums.
    private void RunChunk(ReadOnlySpan<byte> source, PixelLayout layout, Tile[] chunk, IReadOnlyList<Dihedral> transforms, TileBuffers buffers)
    {
        int rw = chunk[0].RegionWidth, rh = chunk[0].RegionHeight, s = model.Scale, regionSize = buffers.RegionSize, outSize = regionSize * s * s;
        for (int i = 0; i < chunk.Length; i++) Array.Clear(buffers.Sums[i]);
        foreach (var transform in transforms)
        {
            var (th, tw) = transform.OutputSize(rh, rw);
            for (int i = 0; i < chunk.Length; i++)
            {
                CopyRegion(source, layout, chunk[i], buffers.Region);
                transform.Apply(buffers.Region, 3, rh, rw, buffers.Input.AsSpan(i * regionSize, regionSize));
            }
            model.Run(buffers.Input, chunk.Length, th, tw, buffers.Output);
            for (int i = 0; i < chunk.Length; i++)
                transform.AddInverse(buffers.Output.AsSpan(i * outSize, outSize), 3, rh * s, rw * s, buffers.Sums[i]);
        }
    }

    // The region's bytes as planar RGB floats in [0, 255], the network's input convention.
    private static void CopyRegion(ReadOnlySpan<byte> source, PixelLayout layout, Tile tile, float[] region)
    {
        int plane = tile.RegionWidth * tile.RegionHeight;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < tile.RegionHeight; y++)
            {
                int from = layout.ChannelOffset(c) + (tile.RegionY + y) * layout.RowStride + tile.RegionX * layout.PixelStride;
                int to = c * plane + y * tile.RegionWidth;
                for (int x = 0; x < tile.RegionWidth; x++) region[to + x] = source[from + x * layout.PixelStride];
            }
    }

    // The tile's core, averaged over the transforms, rounded and clamped (SR_SPEC §4.3) into the output image.
    private void WriteCore(float[] sum, Tile tile, int transforms, Span<byte> target, PixelLayout layout)
    {
        int s = model.Scale, regionWidth = tile.RegionWidth * s, regionHeight = tile.RegionHeight * s;
        int offsetX = (tile.CoreX - tile.RegionX) * s, offsetY = (tile.CoreY - tile.RegionY) * s;
        int coreWidth = tile.CoreWidth * s, stride = layout.PixelStride;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < tile.CoreHeight * s; y++)
            {
                int from = (c * regionHeight + offsetY + y) * regionWidth + offsetX;
                int to = layout.ChannelOffset(c) + (tile.CoreY * s + y) * layout.RowStride + tile.CoreX * s * stride;
                for (int x = 0; x < coreWidth; x++) target[to + x * stride] = PixelQuantizer.ToByte(sum[from + x] / transforms);
            }
        if (layout.Alpha < 0) return;
        for (int y = 0; y < tile.CoreHeight * s; y++)
        {
            int to = layout.Alpha + (tile.CoreY * s + y) * layout.RowStride + tile.CoreX * s * stride;
            for (int x = 0; x < coreWidth; x++) target[to + x * stride] = 255;
        }
    }

    /// <summary>Disposes the model when this engine owns it.</summary>
    public void Dispose()
    {
        if (ownsModel) model.Dispose();
    }
}
