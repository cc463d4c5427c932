using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Reporting;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;
using static TorchSharp.torch;

namespace MlNetSr.Bench;

/// <summary>
/// The inference engine (ONNX Runtime, CPU) against a TorchSharp forward and a PyTorch forward of the same weights on
/// the same pixels: a 256x256 and a 1920x1080 LR frame, whole-image forwards, plus the engine with its default tiling.
/// The ONNX Runtime phase runs before libtorch is touched (the two thread pools slow each other on 2 cores).
/// Achieved GFLOP/s (2 x MACs) is set next to a large 3x3 convolution's GFLOP/s in libtorch, the machine's conv peak.
/// </summary>
public static class InferenceBenchmark
{
    private static readonly (int Width, int Height)[] Frames = [(256, 256), (1920, 1080)];

    public static string Run(string checkpoint, string dataFolder, int threads)
    {
        string work = Directory.CreateTempSubdirectory("mlnetsr-bench-").FullName;
        try { return Measure(checkpoint, dataFolder, threads, work); }
        finally { Directory.Delete(work, recursive: true); }
    }

    private static string Measure(string checkpoint, string dataFolder, int threads, string work)
    {
        set_num_threads(threads);
        using var network = CheckpointFile.Load(checkpoint);
        var config = network.Config;
        int scale = config.Scale;
        string onnx = Path.Combine(work, "model.onnx");
        OnnxExporter.Export(network, onnx, scale, checkpoint);
        double macs = NetworkCost.MacsPerLowResolutionPixel(config, scale);
        var frames = Frames.Select(f => BenchmarkFrames.Mirrored(dataFolder, f.Width, f.Height)).ToArray();

        // Phase 1: ONNX Runtime only.
        var engine = new List<(double Whole, double Tiled)>();
        using (var model = SrOnnxModel.Load(onnx, new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = threads }))
        {
            var whole = new SuperResolver(model, new InferenceOptions { TileSize = 4096 });
            var tiled = new SuperResolver(model, new InferenceOptions());
            whole.Upscale(frames[0]);
            foreach (var frame in frames)
            {
                int repeat = frame.Width * frame.Height > 1_000_000 ? 1 : 3;
                engine.Add((Median(repeat, () => whole.Upscale(frame)), Median(repeat, () => tiled.Upscale(frame))));
            }
        }

        // Phase 2: libtorch (TorchSharp), then PyTorch in its own process.
        var torchSharp = new List<double>();
        var pyTorch = new List<double>();
        network.eval();
        foreach (var frame in frames)
        {
            int repeat = frame.Width * frame.Height > 1_000_000 ? 1 : 3;
            using (no_grad())
            {
                using var input = ImageTensors.ToTensor(frame);
                network.forward(input).Dispose();
                torchSharp.Add(Median(repeat, () => network.forward(input).Dispose()));
            }
            string inputFile = Path.Combine(work, $"lr_{frame.Width}x{frame.Height}.bin");
            WriteFloats(frame, inputFile);
            pyTorch.Add(PyTorchSeconds(checkpoint, inputFile, frame, threads, repeat));
        }
        double peak = ConvPeakGflops();

        var text = new StringBuilder();
        text.AppendLine("# Inference speed: ONNX Runtime engine vs TorchSharp vs PyTorch");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {BenchmarkMachine.Describe()}, {threads} threads for every engine.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Network: {config} ({network.CountTrainable():N0} parameters, {macs / 1e6:F3} M MAC per LR pixel), weights from `{Path.GetFileName(checkpoint)}`.");
        text.AppendLine("Input: a B100 photograph mirrored to the frame size, float [0, 255]. Whole = one forward of the full frame;");
        text.AppendLine("engine tiled = `SuperResolver` defaults (128-pixel LR tiles, margin = receptive field, exact). Median of 3 runs");
        text.AppendLine("after a warm-up (one run for the 1920x1080 frame). Ratios: time / engine whole-image time.");
        text.AppendLine("Command: `dotnet run -c Release --project bench/MlNetSr.Bench -- inference --checkpoint <.pt> --out bench/results/inference.md`");
        text.AppendLine();
        text.AppendLine("| LR frame -> SR | engine whole (s) | engine tiled (s) | TorchSharp (s) | PyTorch (s) | TorchSharp / engine | PyTorch / engine | engine GFLOP/s |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < frames.Length; i++)
        {
            var f = frames[i];
            double gflops = 2 * macs * f.Width * f.Height / engine[i].Whole / 1e9;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Width}x{f.Height} -> {f.Width * scale}x{f.Height * scale} | {engine[i].Whole:F3} | {engine[i].Tiled:F3} | {torchSharp[i]:F3} | {pyTorch[i]:F3} | {torchSharp[i] / engine[i].Whole:F2} | {pyTorch[i] / engine[i].Whole:F2} | {gflops:F1} |");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine conv peak (libtorch, 3x3 conv 128->128 on 1x128x256x256, fp32): {peak:F1} GFLOP/s.");
        return text.ToString();
    }

    private static double ConvPeakGflops()
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var input = rand(1, 128, 256, 256);
        var weight = rand(128, 128, 3, 3);
        nn.functional.conv2d(input, weight, padding: [1, 1]);
        double seconds = Median(3, () => nn.functional.conv2d(input, weight, padding: [1, 1]).Dispose());
        return 2.0 * 256 * 256 * 128 * 128 * 9 / seconds / 1e9;
    }

    private static void WriteFloats(ByteImage frame, string path)
    {
        var rgb = frame.ToRgb();
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var v in rgb.Data) writer.Write((float)v);
    }

    private static double PyTorchSeconds(string checkpoint, string input, ByteImage frame, int threads, int repeat)
    {
        string script = Path.Combine(RepositoryRoot(), "bench", "inference", "torch_forward.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { script, "--checkpoint", checkpoint, "--input", input, "--height", frame.Height.ToString(CultureInfo.InvariantCulture),
                     "--width", frame.Width.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
                     "--repeat", repeat.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3 (apt-get install python3-torch)");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"PyTorch forward failed (exit {process.ExitCode})");
        return JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement.GetProperty("seconds").GetDouble();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlNetSr.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmark from a build inside the repository");
    }

    internal static double Median(int repeat, Action action)
    {
        var times = new double[repeat];
        using var progress = ProgressBar.ForConsole("benchmark runs");
        for (int i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalSeconds;
            progress.Report((i + 1, repeat));
        }
        Array.Sort(times);
        return times[repeat / 2];
    }
}
