namespace MlNetSr.Trainer.Training;

/// <summary>
/// One minibatch as flat NCHW float arrays in [0, 255] (the network's range): <see cref="LowResolution"/> is
/// [Count, 3, Patch, Patch] and <see cref="HighResolution"/> is [Count, 3, Patch*Scale, Patch*Scale].
/// </summary>
public sealed record PatchBatch(int Count, int Patch, int Scale, float[] LowResolution, float[] HighResolution)
{
    /// <summary>The tensor shape of <see cref="LowResolution"/>: [Count, 3, Patch, Patch].</summary>
    public long[] LowResolutionShape => [Count, 3, Patch, Patch];
    /// <summary>The tensor shape of <see cref="HighResolution"/>: [Count, 3, Patch·Scale, Patch·Scale].</summary>
    public long[] HighResolutionShape => [Count, 3, Patch * Scale, Patch * Scale];
}
