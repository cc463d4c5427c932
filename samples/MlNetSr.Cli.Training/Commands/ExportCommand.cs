using System.CommandLine;
using System.Globalization;
using MlNetSr.Cli.Training;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr export --checkpoint FILE --out MODEL.onnx [--scale S]</c>: writes an EDSR/MDSR network as ONNX
/// (opset 17, docs/TRAINER.md "ONNX export"). FILE is an MlNetSr checkpoint (.pt + .json sidecar), any weights
/// file <c>mlnetsr import</c> reads, or a training checkpoint (.ckpt). MDSR without --scale gives one file per
/// scale, <c>&lt;out stem&gt;_x{s}.onnx</c>.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        TrainingCommands.RegisterUserErrors();
        var checkpoint = new Option<string>("--checkpoint") { Description = "MlNetSr checkpoint (.pt + .json), weights file (.pt/.pth/.safetensors, fp32 .onnx) or training checkpoint (.ckpt)", Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file to write (MDSR without --scale: <stem>_x{s}.onnx per scale)", Required = true };
        var scale = new Option<int?>("--scale") { Description = "Scale to export: EDSR's own (default) or one of MDSR's branches (default: all, one file each)" };

        var command = new Command("export", "Export an EDSR/MDSR checkpoint to ONNX (opset 17, input 'lr' [N,3,H,W] in [0,255], output 'sr')")
        {
            checkpoint, output, scale,
        };
        command.SetAction(parse => Run(parse.GetValue(checkpoint)!, parse.GetValue(output)!, parse.GetValue(scale)));
        return command;
    }

    private static int Run(string checkpointPath, string outputPath, int? scale)
    {
        if (!File.Exists(checkpointPath)) throw new UsageException($"--checkpoint {checkpointPath}: file not found");
        using var network = AnyCheckpoint.Load(checkpointPath);
        var config = network.Config;
        if (scale is int s && !config.Scales.Contains(s))
            throw new UsageException($"--scale {s}: {checkpointPath} holds {config}, which has {string.Join(", ", config.Scales.Select(x => $"x{x}"))} only");

        Console.Out.WriteLine($"checkpoint:   {checkpointPath} ({config})");
        var targets = Targets(config, outputPath, scale);
        if (targets.Count > 1)
            Console.Out.WriteLine($"note:         MDSR exports one graph per scale; no --scale given, so writing {targets.Count} files");
        var inv = CultureInfo.InvariantCulture;
        foreach (var (graphScale, path) in targets)
        {
            OnnxExporter.Export(network, path, graphScale, source: Path.GetFileName(checkpointPath));
            double megabytes = new FileInfo(path).Length / 1e6;
            double radius = ReceptiveField.RadiusInLowResolutionPixels(config, graphScale);
            Console.Out.WriteLine(string.Create(inv,
                $"wrote:        {path}: {Name(config)} x{graphScale}, {megabytes:0.00} MB, receptive field {ReceptiveField.MarginInLowResolutionPixels(config, graphScale)} LR px (radius {radius:0.###})"));
        }
        return 0;
    }

    /// <summary>(scale, file) pairs: the one asked for or EDSR's own; every MDSR scale, suffixed, when none was asked.</summary>
    private static List<(int Scale, string Path)> Targets(ModelConfig config, string outputPath, int? scale)
    {
        if (scale is int s) return [(s, outputPath)];
        if (config.Architecture == SrArchitecture.Edsr) return [(config.Scale, outputPath)];
        string stem = Path.Combine(Path.GetDirectoryName(outputPath) ?? "", Path.GetFileNameWithoutExtension(outputPath));
        return config.Scales.Select(x => (x, $"{stem}_x{x}.onnx")).ToList();
    }

    private static string Name(ModelConfig config) => config.Architecture == SrArchitecture.Edsr ? "EDSR" : "MDSR";
}
