using System.Globalization;
using System.Text;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Metrics;
using MlNetSr.Quantization;

namespace MlNetSr.Bench;

/// <summary>
/// Which layers int8 hurts: the model is calibrated once (T91), then for each Conv a model with only that layer in
/// int8 is scored against float32 on held-out training images (the first BSD200 images: not calibration images,
/// not benchmark images). Also whole-model variants: all layers, the default float layers, with and without int8 Adds.
/// </summary>
public static class Int8LayerSensitivity
{
    public static string Run(string data, int scale, int heldOut)
    {
        var model = File.ReadAllBytes(Path.Combine("src", "Transforms", "Models", $"edsr-baseline-x{scale}.onnx"));
        var calibration = Int8Quantizer.Calibrate(model, Path.Combine(data, "train", "T91"), new Int8QuantizerOptions(),
            new Progress<string>(Console.Error.WriteLine));
        var images = ImageFolder.List(Path.Combine(data, "train", "BSD200")).Take(heldOut)
            .Select(f => Degradation.MakePair(ImageFile.Read(f), scale, f)).ToArray();
        var layers = Int8Quantizer.ConvLayers(model);
        double[] reference = Score(model, images, scale);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# int8 per-layer PSNR loss, x{scale}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{BenchmarkMachine.Describe()}; commit {Commit()}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/MlNetSr.Bench -- int8-layers --scale {scale} --held-out {heldOut}`.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Calibration: {calibration.Patches} LR patches from {calibration.Images} T91 images; scored on {images.Length} held-out BSD200 " +
            $"training images (Y, shave {scale}); float32 mean {reference.Average():F3} dB. Loss = float32 PSNR - variant PSNR, mean over the images.");
        report.AppendLine();
        report.AppendLine("| variant | int8 layers | loss (dB) |");
        report.AppendLine("|---|---|---:|");
        void Row(string name, string what, IReadOnlyCollection<string> floatLayers, bool adds)
        {
            var scores = Score(Int8Quantizer.Write(model, calibration, floatLayers, adds), images, scale);
            double loss = reference.Zip(scores, (a, b) => a - b).Average();
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {what} | {loss:F3} |");
            Console.Error.WriteLine($"{name}: {loss:F3} dB");
        }
        Row("all layers, int8 Adds", "every Conv + residual Adds", [], true);
        Row("default float layers, int8 Adds", $"all but {string.Join(", ", Int8QuantizerOptions.DefaultFloatLayers)}; Adds", Int8QuantizerOptions.DefaultFloatLayers, true);
        Row("default float layers, float Adds", $"all but {string.Join(", ", Int8QuantizerOptions.DefaultFloatLayers)}", Int8QuantizerOptions.DefaultFloatLayers, false);
        foreach (string layer in layers)
            Row($"only {layer}", layer, layers.Where(l => l != layer).ToArray(), false);
        return report.ToString();
    }

    private static double[] Score(byte[] model, (ByteImage HighResolution, ByteImage LowResolution)[] images, int scale)
    {
        var options = new InferenceOptions { Device = ExecutionDevice.Cpu };
        using var resolver = new SuperResolver(SrOnnxModel.Load(model, "variant", options), options, ownsModel: true);
        return images.Select(p => ImageQuality.Measure(p.HighResolution, resolver.Upscale(p.LowResolution, scale), scale).Psnr).ToArray();
    }

    private static string Commit()
    {
        try
        {
            var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true })!;
            string hash = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return hash;
        }
        catch (System.ComponentModel.Win32Exception) { return "unknown"; }
    }
}
