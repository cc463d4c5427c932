using System.Diagnostics;
using System.Globalization;
using MlNetSr.Inference;

namespace MlNetSr.Bench;

/// <summary>
/// Peak resident memory (VmHWM) of upscaling a photograph (4000x3000 by default) x4 with the tiled engine, in a process that
/// loads nothing but ONNX Runtime. Run it as its own invocation so earlier work does not count.
/// </summary>
public static class PeakMemoryBenchmark
{
    public static string Run(string onnx, string dataFolder, int threads, int tile, int width = 4000, int height = 3000)
    {
        var frame = BenchmarkFrames.Mirrored(dataFolder, width, height);
        using var model = SrOnnxModel.Load(onnx, new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = threads });
        var resolver = new SuperResolver(model, new InferenceOptions { TileSize = tile });
        var watch = Stopwatch.StartNew();
        var result = resolver.Upscale(frame);
        double seconds = watch.Elapsed.TotalSeconds;
        long peakKb = long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {width}x{height} -> {result.Width}x{result.Height} (x{model.Scale}), tile {tile}, margin {resolver.Margin} | {peakKb / 1024.0 / 1024.0:F2} GiB peak RSS | {seconds:F0} s |");
    }
}
