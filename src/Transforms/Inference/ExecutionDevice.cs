namespace MlNetSr.Inference;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum ExecutionDevice
{
    /// <summary>CUDA when it can be loaded, otherwise the CPU (and the report says which).</summary>
    Auto,
    /// <summary>The CPU only.</summary>
    Cpu,
    /// <summary>CUDA only: a machine without a usable GPU is an error.</summary>
    Cuda,
}
