using MlNetSr.Imaging;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// Draws training minibatches as EDSR-PyTorch does (SR_SPEC §3.1): an image uniformly at random, an LR patch at a
/// uniform integer position and the HR patch at scale times that position, then three independent fair coins:
/// horizontal flip, vertical flip, transpose (in that order, to LR and HR alike), which makes the 8 dihedral
/// transforms equally likely. For several scales (MDSR) one scale is drawn per batch. All randomness comes from
/// one <see cref="SamplerRandom"/>, so a batch sequence is reproducible and resumable.
/// </summary>
public sealed class PatchSampler
{
    private readonly TrainingSet set;
    private readonly IReadOnlyList<int> scales;
    private readonly int batchSize, patch;
    private readonly bool augment;

    /// <summary>A sampler over <paramref name="set"/> that draws from <paramref name="random"/>.</summary>
    /// <param name="set">The training pairs; it must hold every scale in <paramref name="scales"/>.</param>
    /// <param name="scales">Scales to draw from: one for EDSR, the branch scales for MDSR.</param>
    /// <param name="batchSize">Patches per batch (at least 1).</param>
    /// <param name="lowResolutionPatch">LR patch side in pixels (at least 1); the HR patch is scale times larger.</param>
    /// <param name="augment">Whether to apply the random flips and transpose.</param>
    /// <param name="random">The random source; its state is what a checkpoint saves.</param>
    public PatchSampler(TrainingSet set, IReadOnlyList<int> scales, int batchSize, int lowResolutionPatch, bool augment, SamplerRandom random)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size {batchSize} must be at least 1");
        if (lowResolutionPatch < 1) throw new ArgumentOutOfRangeException(nameof(lowResolutionPatch), $"patch size {lowResolutionPatch} must be at least 1");
        this.set = set;
        this.scales = scales;
        this.batchSize = batchSize;
        patch = lowResolutionPatch;
        this.augment = augment;
        Random = random;
    }

    /// <summary>The random source; its <see cref="SamplerRandom.State"/> after a batch is saved in checkpoints.</summary>
    public SamplerRandom Random { get; private set; }

    /// <summary>Continues from a saved sampler state (resume).</summary>
    public void Restore(ulong[] state) => Random = SamplerRandom.FromState(state);

    /// <summary>Draws the next minibatch (and advances <see cref="Random"/>).</summary>
    public PatchBatch Next()
    {
        int scale = scales.Count == 1 ? scales[0] : scales[Random.NextInt(scales.Count)];
        var pairs = set.PairsFor(scale);
        int hrPatch = patch * scale;
        var lr = new float[batchSize * 3 * patch * patch];
        var hr = new float[batchSize * 3 * hrPatch * hrPatch];
        for (int b = 0; b < batchSize; b++)
        {
            var pair = pairs[Random.NextInt(pairs.Count)];
            int x = Random.NextInt(pair.LowResolution.Width - patch + 1);
            int y = Random.NextInt(pair.LowResolution.Height - patch + 1);
            var transform = augment ? new Dihedral(Random.NextBool(), Random.NextBool(), Random.NextBool()) : default;
            Copy(pair.LowResolution, x, y, patch, transform, lr.AsSpan(b * 3 * patch * patch, 3 * patch * patch));
            Copy(pair.HighResolution, x * scale, y * scale, hrPatch, transform, hr.AsSpan(b * 3 * hrPatch * hrPatch, 3 * hrPatch * hrPatch));
        }
        return new PatchBatch(batchSize, patch, scale, lr, hr);
    }

    // Writes the size x size square at (left, top) after the transform.
    internal static void Copy(ByteImage image, int left, int top, int size, Dihedral transform, Span<float> target)
    {
        for (int c = 0; c < 3; c++)
        {
            var plane = image.Plane(c);
            var output = target.Slice(c * size * size, size * size);
            for (int r = 0; r < size; r++)
                for (int col = 0; col < size; col++)
                {
                    var (row, column) = transform.Source(r, col, size, size);
                    output[r * size + col] = plane[(top + row) * image.Width + left + column];
                }
        }
    }
}
