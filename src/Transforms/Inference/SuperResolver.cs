using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Inference;

/// <summary>
/// The inference engine: upscales an 8-bit image with an <see cref="SrOnnxModel"/>, tile by tile (peak memory set by
/// the tile size, not the image), optionally with the x8 self-ensemble (SR_SPEC §5.1: the 8 flips/transposes of
/// each tile's input, outputs transformed back, averaged in float), then rounded and clamped to 8 bits.
/// Gray images are replicated to RGB; the result is always RGB.
/// </summary>
public sealed class SuperResolver : IUpscaler, IDisposable
{
    private readonly SrOnnxModel model;
    private readonly InferenceOptions options;
    private readonly bool ownsModel;

    public SuperResolver(SrOnnxModel model, InferenceOptions? options = null, bool ownsModel = false)
    {
        this.model = model;
        this.options = options ?? new InferenceOptions();
        this.options.Validate();
        this.ownsModel = ownsModel;
    }

    public SrOnnxModel Model => model;

    public int Scale => model.Scale;

    /// <summary>LR context per tile side actually used.</summary>
    public int Margin => options.Margin ?? model.ReceptiveField ?? SrOnnxModel.FallbackReceptiveField;

    public string Name => model.Name + (options.SelfEnsemble ? " (+x8 self-ensemble)" : "");

    public bool Supports(int scale) => scale == model.Scale;

    public ByteImage Upscale(ByteImage lowResolution, int scale)
    {
        if (scale != model.Scale) throw new ArgumentException($"{model.Name} is a x{model.Scale} model; x{scale} was asked for", nameof(scale));
        return Upscale(lowResolution);
    }

    /// <param name="lowResolution">the image to enlarge</param>
    /// <param name="progress">receives (tiles done, tiles total)</param>
    public ByteImage Upscale(ByteImage lowResolution, IProgress<(int Done, int Total)>? progress = null)
    {
        var rgb = lowResolution.ToRgb();
        int width = rgb.Width, height = rgb.Height, s = model.Scale;
        if ((long)width * s * height * s * 3 > int.MaxValue)
            throw new ArgumentException($"a {width}x{height} image at x{s} would exceed 2^31 output values; split it first");
        var planes = new float[rgb.Data.Length];
        for (int i = 0; i < planes.Length; i++) planes[i] = rgb.Data[i];
        var output = new ByteImage(width * s, height * s, 3);
        var tiles = TilePlan.For(width, height, options.TileSize, Margin);
        var transforms = options.SelfEnsemble ? Dihedral.All : [default(Dihedral)];
        // Every region has one size (TilePlan), so one set of buffers serves the whole image: memory stays at one
        // batch of tiles however large the image is.
        var buffers = new TileBuffers(options.TileBatch, tiles[0].RegionWidth, tiles[0].RegionHeight, s);
        int done = 0;
        foreach (var chunk in tiles.Chunk(options.TileBatch))
        {
            RunChunk(planes, width, height, chunk, transforms, buffers);
            for (int i = 0; i < chunk.Length; i++) WriteCore(buffers.Sums[i], chunk[i], transforms.Count, output);
            done += chunk.Length;
            progress?.Report((done, tiles.Count));
        }
        return output;
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
    private void RunChunk(float[] planes, int width, int height, Tile[] chunk, IReadOnlyList<Dihedral> transforms, TileBuffers buffers)
    {
        int rw = chunk[0].RegionWidth, rh = chunk[0].RegionHeight, s = model.Scale, regionSize = buffers.RegionSize, outSize = regionSize * s * s;
        for (int i = 0; i < chunk.Length; i++) Array.Clear(buffers.Sums[i]);
        foreach (var transform in transforms)
        {
            var (th, tw) = transform.OutputSize(rh, rw);
            for (int i = 0; i < chunk.Length; i++)
            {
                CopyRegion(planes, width, height, chunk[i], buffers.Region);
                transform.Apply(buffers.Region, 3, rh, rw, buffers.Input.AsSpan(i * regionSize, regionSize));
            }
            model.Run(buffers.Input, chunk.Length, th, tw, buffers.Output);
            for (int i = 0; i < chunk.Length; i++)
                transform.AddInverse(buffers.Output.AsSpan(i * outSize, outSize), 3, rh * s, rw * s, buffers.Sums[i]);
        }
    }

    private static void CopyRegion(float[] planes, int width, int height, Tile tile, float[] region)
    {
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < tile.RegionHeight; y++)
                Array.Copy(planes, (c * height + tile.RegionY + y) * width + tile.RegionX,
                           region, (c * tile.RegionHeight + y) * tile.RegionWidth, tile.RegionWidth);
    }

    // The tile's core, averaged over the transforms, rounded and clamped (SR_SPEC §4.3) into the output image.
    private void WriteCore(float[] sum, Tile tile, int transforms, ByteImage output)
    {
        int s = model.Scale, regionWidth = tile.RegionWidth * s, regionHeight = tile.RegionHeight * s;
        int offsetX = (tile.CoreX - tile.RegionX) * s, offsetY = (tile.CoreY - tile.RegionY) * s;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < tile.CoreHeight * s; y++)
            {
                int source = (c * regionHeight + offsetY + y) * regionWidth + offsetX;
                int target = c * output.PlaneLength + (tile.CoreY * s + y) * output.Width + tile.CoreX * s;
                for (int x = 0; x < tile.CoreWidth * s; x++)
                    output.Data[target + x] = PixelQuantizer.ToByte(sum[source + x] / transforms);
            }
    }

    public void Dispose()
    {
        if (ownsModel) model.Dispose();
    }
}
