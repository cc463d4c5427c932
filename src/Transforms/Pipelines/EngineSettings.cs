using MlNetSr.Inference;

namespace MlNetSr.Pipelines;

/// <summary>
/// The engine settings a fitted <c>SuperResolve</c> keeps in its saved model (as a constant of the model carrier
/// graph, <see cref="Onnx.ModelCarrierGraph"/>): scale, self-ensemble, memory budget or tile size, device.
/// </summary>
internal sealed record EngineSettings(int Scale, bool SelfEnsemble, long MemoryBudget, int? TileSize, ExecutionDevice Device, int GpuDeviceId)
{
    private const long FormatVersion = 1;
    public const int Length = 7;

    public long[] ToVector() =>
        [FormatVersion, Scale, SelfEnsemble ? 1 : 0, MemoryBudget, TileSize ?? 0, (long)Device, GpuDeviceId];

    public static EngineSettings FromVector(long[] values)
    {
        if (values.Length != Length || values[0] != FormatVersion)
            throw new InvalidDataException($"SuperResolve: the saved engine settings ({values.Length} values, format {(values.Length > 0 ? values[0] : 0)}) are not of format {FormatVersion}; this model was saved by another MlNetSr version");
        return new EngineSettings((int)values[1], values[2] != 0, values[3], values[4] > 0 ? (int)values[4] : null, (ExecutionDevice)values[5], (int)values[6]);
    }

    public InferenceOptions ToInferenceOptions() => new()
    {
        Device = Device,
        GpuDeviceId = GpuDeviceId,
        SelfEnsemble = SelfEnsemble,
        MemoryBudget = MemoryBudget,
        TileSize = TileSize,
    };
}
