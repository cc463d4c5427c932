using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.IO;
using MlNetSr.Metrics;
using MlNetSr.Reporting;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr evaluate --data DIR [--data DIR ...] --scale 2,3,4 --method bicubic [--json FILE] [--per-image] [--report DIR]</c>:
/// the paper's evaluation of an upscaler on folders of HR images; --report also writes an HTML page against bicubic.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Folder of HR images (repeat for several sets)", Required = true, AllowMultipleArgumentsPerToken = false };
        var scale = new Option<string>("--scale") { Description = "Scales, comma-separated", DefaultValueFactory = _ => "2,3,4" };
        var method = new Option<string>("--method") { Description = "Upscaler to score: bicubic, or model (--model, or the embedded default)", DefaultValueFactory = _ => "bicubic" };
        var inference = new InferenceArguments();
        var reading = new ImageReadArguments();
        var json = new Option<string?>("--json") { Description = "Also write the results as a JSON array to this file" };
        var perImage = new Option<bool>("--per-image") { Description = "Add one row per image" };
        var report = new Option<string?>("--report") { Description = "Also write an HTML report into this folder (index.html, report.json, comparison grids), against bicubic" };
        var channel = new Option<string>("--channel") { Description = "y (paper benchmarks) or rgb", DefaultValueFactory = _ => "y" };
        var shave = new Option<int?>("--shave") { Description = "Border pixels ignored per side (default: the scale)" };
        var unroundedY = new Option<bool>("--unrounded-y") { Description = "Keep Y unrounded (EDSR-PyTorch) instead of MATLAB's uint8 rgb2ycbcr" };
        var gray = new Option<string>("--gray") { Description = "Gray ground truth: own (paper evaluation.m) or rgb (replicate, EDSR-PyTorch)", DefaultValueFactory = _ => "own" };

        var command = new Command("evaluate", "Mean PSNR/SSIM of an upscaler on folders of HR images, with the paper's protocol")
        {
            data, scale, method, json, perImage, report, channel, shave, unroundedY, gray,
        };
        inference.AddTo(command);
        reading.AddTo(command);
        command.SetAction(parse =>
        {
            var scales = ScaleList.Parse(parse.GetValue(scale)!);
            var protocol = new EvaluationProtocol
            {
                Channel = parse.GetValue(channel)!.ToLowerInvariant() switch
                {
                    "y" => EvaluationChannel.Y,
                    "rgb" => EvaluationChannel.Rgb,
                    var other => throw new UsageException($"--channel '{other}' is not supported: use y or rgb"),
                },
                Shave = parse.GetValue(shave) is int s && s < 0 ? throw new UsageException($"--shave {s} must be 0 or more") : parse.GetValue(shave),
                LumaRounding = parse.GetValue(unroundedY) ? LumaRounding.Unrounded : LumaRounding.RoundedLikeMatlab,
                Grayscale = parse.GetValue(gray)!.ToLowerInvariant() switch
                {
                    "own" => GrayscalePolicy.CompareGrayChannel,
                    "rgb" => GrayscalePolicy.ReplicateToRgb,
                    var other => throw new UsageException($"--gray '{other}' is not supported: use own or rgb"),
                },
            };
            return parse.GetValue(method)!.ToLowerInvariant() switch
            {
                "bicubic" => Run(parse, new BicubicUpscaler()),
                "model" when scales.Count == 1 => RunModel(parse, scales[0]),
                "model" when parse.GetValue(inference.Model) is null => RunDefaultModels(parse),
                "model" => throw new UsageException($"--scale {parse.GetValue(scale)}: a model file has one scale, give it alone (without --model every scale uses its embedded default)"),
                var other => throw new UsageException($"--method '{other}' is not supported: use bicubic or model"),
            };

            int RunModel(ParseResult p, int s)
            {
                using var resolver = inference.Load(p, s);
                return Run(p, resolver);
            }

            // The embedded defaults are one network per scale: score them all in one table.
            int RunDefaultModels(ParseResult p)
            {
                using var defaults = new PerScaleUpscaler(scales.ToDictionary(k => k, k => inference.Load(p, k)),
                    "embedded default models" + (p.GetValue(inference.SelfEnsemble) ? " (+x8 self-ensemble)" : ""));
                return Run(p, defaults);
            }

            int Run(ParseResult p, IUpscaler upscaler) =>
                EvaluateCommand.Run(p.GetValue(data)!, scales, upscaler, protocol, reading.Options(p), p.GetValue(json), p.GetValue(perImage), p.GetValue(report));
        });
        return command;
    }

    private static int Run(string[] folders, IReadOnlyList<int> scales, IUpscaler upscaler, EvaluationProtocol protocol,
        ImageReadOptions readOptions, string? jsonPath, bool perImage, string? reportFolder)
    {
        // A network already uses every core: score its images one at a time.
        var evaluator = new SetEvaluator(protocol, upscaler is BicubicUpscaler ? -1 : 1, readOptions);
        var results = new List<SetScore>();
        // Check every folder before the long work starts, so a typo in the last one fails at once.
        foreach (var folder in folders) ImageFolder.List(folder);
        foreach (var folder in folders)
        {
            var progress = ConsoleProgress.For($"{ImageFolder.SetName(folder)} {upscaler.Name}");
            results.AddRange(evaluator.Evaluate(folder, scales, upscaler, progress));
            ConsoleProgress.Clear();
        }
        Console.Out.Write(ResultTable.Format(results, upscaler.Name, protocol, perImage));
        if (jsonPath is not null) AtomicFile.WriteAllText(jsonPath, ToJson(results, perImage));
        if (reportFolder is not null) WriteReport(reportFolder, folders, scales, upscaler, protocol, readOptions, results);
        return 0;
    }

    private static void WriteReport(string reportFolder, string[] folders, IReadOnlyList<int> scales, IUpscaler upscaler,
        EvaluationProtocol protocol, ImageReadOptions readOptions, List<SetScore> results)
    {
        var bicubic = upscaler is BicubicUpscaler ? results : [];
        if (upscaler is not BicubicUpscaler)
        {
            var baseline = new SetEvaluator(protocol, -1, readOptions);
            foreach (var folder in folders)
            {
                bicubic.AddRange(baseline.Evaluate(folder, scales, new BicubicUpscaler(), ConsoleProgress.For($"{ImageFolder.SetName(folder)} bicubic")));
                ConsoleProgress.Clear();
            }
        }
        var sets = folders.ToDictionary(ImageFolder.SetName, f => f);
        var data = EvaluationReport.Write(reportFolder, sets, results, bicubic, upscaler, upscaler.Name, protocol, readOptions);
        Console.Error.WriteLine($"mlnetsr: report {Path.Combine(reportFolder, EvaluationReport.PageFile)} ({data.Images.Count} image rows, {data.Grids.Count} grids)");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static string ToJson(IEnumerable<SetScore> results, bool perImage) =>
        JsonSerializer.Serialize(results.Select(r => new JsonRow(r.Set, r.Scale, r.Psnr, r.Ssim, r.ImageCount,
            perImage ? r.Images.Select(i => new JsonImageRow(i.File, i.Width, i.Height, i.Psnr, i.Ssim)).ToList() : null)), JsonOptions);

    private sealed record JsonRow(
        [property: JsonPropertyName("set")] string Set,
        [property: JsonPropertyName("scale")] int Scale,
        [property: JsonPropertyName("psnr")] double Psnr,
        [property: JsonPropertyName("ssim")] double Ssim,
        [property: JsonPropertyName("images")] int Images,
        [property: JsonPropertyName("per_image")] List<JsonImageRow>? PerImage);

    private sealed record JsonImageRow(
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("width")] int Width,
        [property: JsonPropertyName("height")] int Height,
        [property: JsonPropertyName("psnr")] double Psnr,
        [property: JsonPropertyName("ssim")] double Ssim);
}
