using System.Runtime.InteropServices;

namespace MlNetSr.Bench;

/// <summary>The facts a recorded number needs beside it: when, where, with what.</summary>
public static class BenchmarkMachine
{
    public static string Describe() =>
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} logical cores, " +
        $"{CpuModel()}, .NET {Environment.Version}";

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line.Split(':', 2)[1].Trim();
        }
        catch (IOException) { return "unknown CPU"; }
    }
}
