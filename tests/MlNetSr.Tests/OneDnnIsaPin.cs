using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlNetSr.Tests;

/// <summary>
/// Pins libtorch's oneDNN to its SSE4.1 kernels for the test process, so the exact-parity tests (channels_last vs
/// NCHW, resume vs straight run, Adam on a tiny network) test this project's code, not the CPU. On an AMD EPYC
/// (Zen 5, 2026-12-02) oneDNN's AVX2 and AVX-512 convolution kernels returned wrong, run-to-run varying gradients
/// for small networks (up to 55 % off a float64 reference; NaN losses), failing six of those tests; with SSE4.1 they
/// passed. Real EDSR-baseline batches there stayed within 0.12 % of float64, and the trainer stops on any NaN.
/// oneDNN reads the variable once, at its first primitive; .NET's own environment does not reach native getenv on
/// Linux, hence libc's setenv. A value already set outside (ONEDNN_MAX_CPU_ISA=ALL) wins.
/// </summary>
internal static class OneDnnIsaPin
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    [ModuleInitializer]
    internal static void Pin()
    {
        if (OperatingSystem.IsLinux()) SetNativeEnvironment("ONEDNN_MAX_CPU_ISA", "SSE41", 0);
    }
}
