namespace MlNetSr.Trainer.Training;

/// <summary>
/// One minibatch as flat NCHW float arrays in [0, 255] (the network's range): <see cref="LowResolution"/> is
/// [Count, 3, Patch, Patch] and <see cref="HighResolution"/> is [Count, 3, Patch*Scale, Patch*Scale].
/// </summary>
public sealed record PatchBatch(int Count, int Patch, int Scale, float[] LowResolution, float[] HighResolution)
{
    public long[] LowResolutionShape => [Count, 3, Patch, Patch];
    public long[] HighResolutionShape => [Count, 3, Patch * Scale, Patch * Scale];
}
