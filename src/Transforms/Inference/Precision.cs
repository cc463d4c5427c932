namespace MlNetSr.Inference;

/// <summary>Which arithmetic the embedded default models run in.</summary>
public enum Precision
{
    /// <summary>The float32 models: the same pixels on every machine (the default).</summary>
    Float32,
    /// <summary>The int8 (QDQ) models: about 2x faster on CPUs with VNNI, at most 0.10 dB below float32 (docs/MODEL_CARD.md).</summary>
    Int8,
    /// <summary>Int8 when the run is on the CPU and the CPU has AVX-512 VNNI or AVX-VNNI; float32 otherwise (GPUs, older CPUs).</summary>
    Auto,
}
