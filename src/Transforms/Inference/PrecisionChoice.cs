using System.Runtime.Intrinsics.X86;
using Microsoft.ML.OnnxRuntime;

namespace MlNetSr.Inference;

/// <summary>Resolves <see cref="Precision.Auto"/> to float32 or int8 for this machine.</summary>
public static class PrecisionChoice
{
    private static readonly Lazy<bool> Vnni = new(DetectVnni);

    /// <summary>
    /// Whether the CPU has int8 dot-product instructions ONNX Runtime's int8 convolutions use (AVX-512 VNNI or AVX-VNNI).
    /// Without them its uint8 x int8 kernels fall back to AVX2 code that is slower and can saturate 16-bit sums.
    /// </summary>
    public static bool CpuHasVnni => Vnni.Value;

    /// <summary>The precision to run: <paramref name="requested"/> unless it is Auto, which picks int8 only on a CPU run with VNNI.</summary>
    /// <param name="requested">what the user asked for</param>
    /// <param name="hasVnni">the CPU has AVX-512 VNNI or AVX-VNNI</param>
    /// <param name="onGpu">the model will run on a GPU (ONNX Runtime's CUDA provider runs QDQ models in float anyway)</param>
    public static Precision Resolve(Precision requested, bool hasVnni, bool onGpu) => requested switch
    {
        Precision.Auto => hasVnni && !onGpu ? Precision.Int8 : Precision.Float32,
        _ => requested,
    };

    /// <summary><see cref="Resolve(Precision, bool, bool)"/> for this machine and device setting: a run counts as
    /// GPU when the device allows CUDA and this ONNX Runtime build has the CUDA provider.</summary>
    /// <param name="requested">what the user asked for</param>
    /// <param name="device">the device setting of the run</param>
    public static Precision Resolve(Precision requested, ExecutionDevice device) =>
        requested != Precision.Auto ? requested : Resolve(requested, CpuHasVnni, device != ExecutionDevice.Cpu && CudaProviderPresent());

    private static bool CudaProviderPresent() =>
        OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider", StringComparer.Ordinal);

    // .NET 10 exposes AVX-VNNI as an ISA class; AVX-512 VNNI is read from the kernel's CPU flags (Linux).
    private static bool DetectVnni()
    {
        if (AvxVnni.IsSupported) return true;
        try
        {
            return File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("flags", StringComparison.Ordinal))
                .Take(1).Any(l => l.Split(' ').Any(f => f is "avx512_vnni" or "avx_vnni"));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
