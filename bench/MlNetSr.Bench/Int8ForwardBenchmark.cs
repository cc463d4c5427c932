using System.Diagnostics;
using System.Globalization;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Metrics;
using MlNetSr.Pipelines;
using MlNetSr.Trainer.Models;

namespace MlNetSr.Bench;

/// <summary>
/// The engine's forward pass only (no decode, no encode): the embedded float32 and int8 default models on one
/// photograph-like frame, in the same process, interleaved A B A B, at the default 1 GiB budget (tiled like the CLI).
/// Prints one markdown row per precision: min and median seconds, GFLOP/s (2 x the network's multiply-accumulates
/// per LR pixel, counted per layer), and PSNR (RGB, no shave) of the int8 output against the float32 output.
/// </summary>
public static class Int8ForwardBenchmark
{
    public static string Run(string data, int width, int height, int scale, int rounds, int? threads)
    {
        var frame = BenchmarkFrames.Mirrored(data, width, height);
        var options = new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = threads };
        var precisions = new[] { Precision.Float32, Precision.Int8 };
        var engines = precisions.ToDictionary(p => p, p => new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(scale, p), p.ToString(), options), options, ownsModel: true));
        var seconds = precisions.ToDictionary(p => p, _ => new List<double>());
        var cpu = precisions.ToDictionary(p => p, _ => new List<double>());
        var outputs = new Dictionary<Precision, ByteImage>();
        try
        {
            for (int round = 0; round < rounds; round++)
                foreach (var precision in precisions)
                {
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var output = engines[precision].Upscale(frame, scale);
                    seconds[precision].Add(clock.Elapsed.TotalSeconds);
                    cpu[precision].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
                    outputs[precision] = output;
                    Console.Error.WriteLine($"{width}x{height} x{scale} {precision} round {round + 1}: {clock.Elapsed.TotalSeconds:F2} s");
                }
        }
        finally
        {
            foreach (var engine in engines.Values) engine.Dispose();
        }
        double flops = 2 * NetworkCost.MacsPerLowResolutionPixel(ModelPresets.Get(ModelPresets.EdsrBaseline, scale), scale) * width * height;
        var rgb = new EvaluationProtocol { Channel = EvaluationChannel.Rgb, Shave = 0 };
        double psnr = ImageQuality.Measure(outputs[Precision.Float32], outputs[Precision.Int8], scale, rgb).Psnr;
        var rows = precisions.Select(p =>
        {
            var sorted = seconds[p].Order().ToArray();
            double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            string quality = p == Precision.Float32 ? "reference" : psnr.ToString("F2", CultureInfo.InvariantCulture) + " dB";
            return string.Create(CultureInfo.InvariantCulture,
                $"| {width}x{height} x{scale} | engine {(p == Precision.Float32 ? "float32" : "int8")}, forward only | {sorted[0]:F2} | {median:F2} | {flops / 1e9 / median:F0} | {quality} | {string.Join(" ", seconds[p].Zip(cpu[p], (s, c) => $"{s:F2} ({c:F1})"))} |");
        });
        return string.Join('\n', rows) + '\n';
    }
}
