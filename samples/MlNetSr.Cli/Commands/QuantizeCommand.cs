using System.CommandLine;
using MlNetSr.IO;
using MlNetSr.Quantization;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr quantize --model m.onnx --calibration DIR --out m.int8.onnx</c>: static int8 (QDQ) quantization of an SR
/// model, calibrated on LR patches of training images (<see cref="Int8Quantizer"/>).
/// </summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Float32 ONNX model to quantize", Required = true };
        var calibration = new Option<string>("--calibration") { Description = "Folder of HR training images (sub-folders too), e.g. T91; never a benchmark set", Required = true };
        var output = new Option<string>("--out") { Description = "The int8 ONNX model to write", Required = true };
        var defaults = new Int8QuantizerOptions();
        var floatLayers = new Option<string>("--float-layers") { Description = "Conv layers kept in float32, comma-separated, or 'none'", DefaultValueFactory = _ => string.Join(",", Int8QuantizerOptions.DefaultFloatLayers) };
        var floatAdds = new Option<bool>("--float-adds") { Description = "Keep the residual Adds in float32 (slower, a few hundredths of a dB better)" };
        var patch = new Option<int>("--patch") { Description = "LR calibration patch side", DefaultValueFactory = _ => defaults.PatchSize };
        var patches = new Option<int>("--patches-per-image") { Description = "Calibration patches per image", DefaultValueFactory = _ => defaults.PatchesPerImage };
        var maxImages = new Option<int?>("--max-images") { Description = "Use at most this many calibration images (file-name order)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the patch positions", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for calibration (default: all cores)" };
        var command = new Command("quantize", "Static int8 quantization (QDQ ONNX) of an SR model, calibrated on training images")
        {
            model, calibration, output, floatLayers, floatAdds, patch, patches, maxImages, seed, threads,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(model)!;
            if (!File.Exists(path)) throw new UsageException($"--model {path}: file not found");
            string layers = parse.GetValue(floatLayers)!;
            var options = new Int8QuantizerOptions
            {
                FloatLayers = layers.Equals("none", StringComparison.OrdinalIgnoreCase) ? [] : layers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                QuantizeResidualAdds = !parse.GetValue(floatAdds),
                PatchSize = parse.GetValue(patch),
                PatchesPerImage = parse.GetValue(patches),
                MaxImages = parse.GetValue(maxImages),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            var bytes = Int8Quantizer.Quantize(File.ReadAllBytes(path), parse.GetValue(calibration)!, options, new StderrLines());
            string target = parse.GetValue(output)!;
            AtomicFile.Write(target, stream => stream.Write(bytes));
            Console.Error.WriteLine($"mlnetsr: wrote {target} ({bytes.Length / 1024.0 / 1024.0:F2} MiB)");
            return 0;
        });
        return command;
    }

    // Written at once, in order (Progress<T> would post them to the thread pool).
    private sealed class StderrLines : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"mlnetsr: {value}");
    }
}
