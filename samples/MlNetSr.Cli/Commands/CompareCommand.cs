using System.CommandLine;
using System.Globalization;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Reporting;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr compare --hr IMAGE --scale s --methods bicubic,default,model.onnx [--crop x,y,w,h] [--precision int8] -o grid.png</c>: the
/// papers' comparison figure (<see cref="ComparisonGrid"/>), HR and each method's output side by side with their PSNR/SSIM.
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var hr = new Option<string>("--hr") { Description = "The HR image; its LR input is made as evaluate makes it (mod-crop, MATLAB bicubic)", Required = true };
        var scale = new Option<string>("--scale") { Description = "Scale: 2, 3 or 4", Required = true };
        var methods = new Option<string>("--methods") { Description = "Comma-separated: bicubic, default (the embedded model for the scale) or an .onnx path", DefaultValueFactory = _ => "bicubic,default" };
        var crop = new Option<string?>("--crop") { Description = "HR window x,y,width,height; default: the window where the methods differ most" };
        var cropSize = new Option<int>("--crop-size") { Description = "Side of the automatic window in HR pixels", DefaultValueFactory = _ => 96 };
        var zoom = new Option<int>("--zoom") { Description = "Nearest-neighbour enlargement of each crop", DefaultValueFactory = _ => 3 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
        var precision = new Option<string>("--precision") { Description = "Precision of the embedded model (default): float32, int8 or auto; .onnx files run as they are", DefaultValueFactory = _ => "float32" };
        var output = new Option<string>("--output", "-o") { Description = "Output PNG", Required = true };
        var reading = new ImageReadArguments();
        var command = new Command("compare", "A comparison grid: the same crop of HR and of each method's output, labelled with PSNR/SSIM")
        {
            hr, scale, methods, crop, cropSize, zoom, device, precision, output,
        };
        reading.AddTo(command);
        command.SetAction(parse =>
        {
            var scales = ScaleList.Parse(parse.GetValue(scale)!, 2, 4);
            if (scales.Count != 1) throw new UsageException($"--scale {parse.GetValue(scale)}: give one scale");
            string path = parse.GetValue(hr)!;
            if (!File.Exists(path)) throw new UsageException($"--hr {path}: no such image");
            if (parse.GetValue(zoom) < 1) throw new UsageException($"--zoom {parse.GetValue(zoom)} must be at least 1");
            if (parse.GetValue(cropSize) < 8) throw new UsageException($"--crop-size {parse.GetValue(cropSize)} must be at least 8");
            CropWindow? window = null;
            if (parse.GetValue(crop) is string text)
            {
                try { window = CropWindow.Parse(text); }
                catch (FormatException e) { throw new UsageException($"--crop: {e.Message}"); }
            }
            var inference = new InferenceOptions { Device = ParseDevice(parse.GetValue(device)!) };
            var names = parse.GetValue(methods)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0) throw new UsageException("--methods is empty: give bicubic, default or .onnx paths");
            var requested = InferenceArguments.ParsePrecision(parse.GetValue(precision)!);
            var loaded = names.Select(n => Load(n, scales[0], inference, requested)).ToList();
            try
            {
                var options = new ComparisonGridOptions { Crop = window, CropSize = parse.GetValue(cropSize), Zoom = parse.GetValue(zoom) };
                var result = ComparisonGrid.Create(ImageFile.Read(path, reading.Options(parse)), scales[0],
                    loaded.Select(m => m.Upscaler).ToList(), options, path, loaded.Select(m => m.Label).ToList());
                string target = parse.GetValue(output)!;
                ImageFile.WritePng(result.Image, target);
                Console.WriteLine($"{path} x{scales[0]}, crop {result.Crop} (x,y,w,h) -> {target} ({result.Image.Width}x{result.Image.Height})");
                foreach (var panel in result.Panels.Where(p => p.Score is not null))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {panel.Method,-28} PSNR {panel.Score!.Value.Psnr,8:F4} dB  SSIM {panel.Score.Value.Ssim:F4}"));
                return 0;
            }
            finally
            {
                foreach (var method in loaded) (method.Upscaler as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static (IUpscaler Upscaler, string Label) Load(string method, int scale, InferenceOptions options, Precision requested)
    {
        if (method.Equals("bicubic", StringComparison.OrdinalIgnoreCase)) return (new BicubicUpscaler(), "bicubic");
        if (method.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            if (!DefaultModels.Scales.Contains(scale))
                throw new UsageException($"--methods default: no embedded model for x{scale} (embedded: {string.Join(", ", DefaultModels.Scales)})");
            var precision = PrecisionChoice.Resolve(requested, options.Device);
            InferenceArguments.WarnAboutInt8(precision, options.Device);
            var model = SrOnnxModel.Load(DefaultModels.Get(scale, precision), "embedded " + DefaultModels.NameFor(scale, precision), options, scale);
            return (new SuperResolver(model, options, ownsModel: true), "default " + Path.GetFileNameWithoutExtension(DefaultModels.NameFor(scale, precision)));
        }
        if (!File.Exists(method))
            throw new UsageException($"--methods {method}: not bicubic, default or an existing .onnx file");
        return (new SuperResolver(SrOnnxModel.Load(method, options, scale), options, ownsModel: true), Path.GetFileNameWithoutExtension(method));
    }

    private static ExecutionDevice ParseDevice(string text) => text.ToLowerInvariant() switch
    {
        "auto" => ExecutionDevice.Auto,
        "cpu" => ExecutionDevice.Cpu,
        "cuda" => ExecutionDevice.Cuda,
        var other => throw new UsageException($"--device '{other}' is not supported: use auto, cpu or cuda"),
    };
}
