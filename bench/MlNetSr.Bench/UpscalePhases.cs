using System.Diagnostics;
using System.Globalization;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;

namespace MlNetSr.Bench;

/// <summary>
/// Where the seconds of one `mlnetsr upscale` go, phase by phase, in one process: decode, model load and session
/// creation, the tiled forward, PNG encode; of an embedded model or a model file (to compare a re-quantized one). Prints one line per phase with wall and CPU seconds (CPU / wall above 1
/// means the phase used both cores).
/// </summary>
public static class UpscalePhases
{
    public static string Run(string input, int scale, Precision precision, long budget, string? modelFile = null)
    {
        var lines = new List<string>();
        var process = Process.GetCurrentProcess();
        T Time<T>(string phase, Func<T> work)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = work();
            double wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{precision} {phase}: {wall:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU"));
            return result;
        }
        var options = new InferenceOptions { Device = ExecutionDevice.Cpu, MemoryBudget = budget };
        var image = Time("decode", () => ImageFile.Read(input));
        using var engine = Time("model load + session", () => new SuperResolver((modelFile is null ? SrOnnxModel.Load(DefaultModels.Get(scale, precision), precision.ToString(), options) : SrOnnxModel.Load(modelFile, options, scale)), options, ownsModel: true));
        var (tileWidth, tileHeight) = engine.TileFor(image.Width, image.Height);
        var output = Time($"forward (tiles {tileWidth}x{tileHeight}, margin {engine.Margin})", () => engine.Upscale(image, scale));
        Time("PNG encode", () => { using var sink = new MemoryStream(); ImageFile.EncodePng(output, sink); return sink.Length; });
        return string.Join('\n', lines) + '\n';
    }
}
