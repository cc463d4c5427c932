using System.CommandLine;
using System.Globalization;
using MlNetSr.Cli.Training;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr import --weights FILE --out CHECKPOINT [--res-scale X] [--params params|params_ema]</c>: reads an
/// EDSR-PyTorch <c>.pt</c>, a BasicSR <c>.pth</c>, a <c>.safetensors</c> file or an fp32 ONNX model MlNetSr exported,
/// infers the network, loads it strictly and writes an MlNetSr checkpoint (official-keyed state_dict + JSON sidecar).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        TrainingCommands.RegisterUserErrors();
        var weights = new Option<string>("--weights") { Description = "Weights to import: .pt (EDSR-PyTorch), .pth (BasicSR), .safetensors or an fp32 .onnx MlNetSr exported", Required = true };
        var output = new Option<string>("--out") { Description = "Checkpoint to write (the config goes to <out>.json beside it)", Required = true };
        var resScale = new Option<double?>("--res-scale") { Description = "Residual scaling; weights files cannot tell it (default: an MlNetSr ONNX file's metadata, else 0.1 when F=256, else 1)" };
        var wrapper = new Option<string?>("--params") { Description = "BasicSR dict to read: params or params_ema (default: params_ema when present)" };

        var command = new Command("import", "Import EDSR/MDSR weights from PyTorch, BasicSR or safetensors into an MlNetSr checkpoint")
        {
            weights, output, resScale, wrapper,
        };
        command.SetAction(parse =>
        {
            double? rs = parse.GetValue(resScale);
            if (rs is double r && !(r > 0 && double.IsFinite(r)))
                throw new UsageException($"--res-scale {r.ToString(CultureInfo.InvariantCulture)} must be a positive number");
            string? dict = parse.GetValue(wrapper);
            if (dict is not null && dict != "params" && dict != "params_ema")
                throw new UsageException($"--params '{dict}' is not supported: use params or params_ema");
            return Run(parse.GetValue(weights)!, parse.GetValue(output)!, rs, dict);
        });
        return command;
    }

    private static int Run(string weightsPath, string outputPath, double? resScale, string? wrapper)
    {
        var imported = WeightsImporter.Import(weightsPath, new WeightsImportOptions { ResScale = resScale, Wrapper = wrapper });
        using var network = imported.Network;
        var config = imported.Config;
        CheckpointFile.Save(network, outputPath, source: Path.GetFileName(weightsPath));

        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"format:       {Describe(imported)}");
        Console.Out.WriteLine($"architecture: {(config.Architecture == SrArchitecture.Edsr ? "EDSR" : "MDSR")}");
        Console.Out.WriteLine($"blocks (B):   {config.Blocks}");
        Console.Out.WriteLine($"features (F): {config.Features}");
        Console.Out.WriteLine($"res_scale:    {config.ResScale.ToString(inv)}{(resScale is not null ? " (given)" : imported.ResScaleFromFile ? " (the file's metadata)" : " (inferred)")}");
        Console.Out.WriteLine($"scale(s):     {string.Join(",", config.Scales.Select(s => $"x{s}"))}");
        Console.Out.WriteLine($"parameters:   {network.CountTrainable().ToString("N0", inv)} trainable (+{(network.CountAll() - network.CountTrainable()).ToString(inv)} frozen MeanShift)");
        Console.Out.WriteLine($"tensors:      {network.state_dict().Count}");
        foreach (string warning in imported.Warnings) Console.Out.WriteLine($"warning:      {warning}");
        Console.Out.WriteLine($"wrote:        {outputPath} (+ {Path.GetFileName(CheckpointFile.SidecarPath(outputPath))})");
        return 0;
    }

    private static string Describe(ImportedWeights imported)
    {
        string format = imported.Format switch
        {
            WeightsFileFormat.PyTorchZip => "PyTorch state_dict (zip)",
            WeightsFileFormat.Safetensors => "safetensors",
            WeightsFileFormat.Onnx => "ONNX (MlNetSr export, fp32)",
            _ => imported.Format.ToString(),
        };
        if (imported.Wrapper is not null) format += $", '{imported.Wrapper}'";
        if (imported.RenamedFromBasicSr) format += ", BasicSR key names";
        if (!imported.MeanShiftFromFile) format += ", DIV2K mean constants";
        return format;
    }
}
