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
        requested != Precision.Auto ? requested : Resolve(requested, CpuHasVnni, RunsOnGpu(device));

    /// <summary>
    /// A warning for int8 where it loses more than the documented 0.10 dB, or null: on a CPU without VNNI, ONNX Runtime's
    /// AVX2 int8 convolutions can saturate (Set5 x2 lost 0.224 dB on an AMD EPYC of family 25, 2026-12-05).
    /// </summary>
    /// <param name="resolved">the precision that will run (after <see cref="Resolve(Precision, bool, bool)"/>)</param>
    /// <param name="hasVnni">the CPU has AVX-512 VNNI or AVX-VNNI</param>
    /// <param name="onGpu">the model will run on a GPU, where the CUDA provider computes QDQ models in float</param>
    public static string? Int8Caveat(Precision resolved, bool hasVnni, bool onGpu) =>
        resolved == Precision.Int8 && !hasVnni && !onGpu
            ? "int8 on a CPU without VNNI: ONNX Runtime's AVX2 int8 convolutions can saturate here (Set5 x2 lost 0.22 dB " +
              "against float32, 0.064 dB with VNNI) and run slower; --precision float32 or auto keeps full quality"
            : null;

    /// <summary><see cref="Int8Caveat(Precision, bool, bool)"/> for this machine and device setting.</summary>
    /// <param name="resolved">the precision that will run</param>
    /// <param name="device">the device setting of the run</param>
    public static string? Int8Caveat(Precision resolved, ExecutionDevice device) =>
        resolved != Precision.Int8 ? null : Int8Caveat(resolved, CpuHasVnni, RunsOnGpu(device));

    // A device setting that allows CUDA runs on the GPU only where this ONNX Runtime build has the CUDA provider.
    private static bool RunsOnGpu(ExecutionDevice device) => device != ExecutionDevice.Cpu && CudaProviderPresent();

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
