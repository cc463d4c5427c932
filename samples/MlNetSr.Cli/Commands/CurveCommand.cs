using System.CommandLine;
using MlNetSr.Reporting;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr curve --run FOLDER [-o curve.svg]</c>: draws a training run's curve (loss, validation PSNR per scale,
/// learning rate) from its validation.csv and log.txt, as training itself does at each validation.
/// </summary>
public static class CurveCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A training run folder (holds validation.csv, and log.txt for loss and learning rate)", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Output SVG (default: curve.svg in the run folder)" };
        var command = new Command("curve", "Draw a training run's curve as a self-contained SVG") { run, output };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(run)!;
            if (!Directory.Exists(folder)) throw new UsageException($"--run {folder}: no such folder");
            string path = SvgCurve.WriteForRun(folder, parse.GetValue(output));
            Console.WriteLine($"{folder} -> {path}");
            return 0;
        });
        return command;
    }
}
