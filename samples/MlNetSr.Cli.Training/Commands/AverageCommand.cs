using System.CommandLine;
using MlNetSr.Cli.Training;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr average --checkpoints A B ... --out AVERAGE.pt</c>: the element-wise mean of several checkpoints of one
/// network (weight averaging over a run's low-learning-rate tail), written as an MlNetSr checkpoint that
/// <c>export</c> turns into ONNX. Inputs are anything <c>export</c> reads, training checkpoints (.ckpt) included.
/// </summary>
public static class AverageCommand
{
    public static Command Create()
    {
        TrainingCommands.RegisterUserErrors();
        var checkpoints = new Option<string[]>("--checkpoints") { Description = "Two or more checkpoints of the same network (.ckpt, .pt + .json, or weights files)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Checkpoint to write (the config goes to <out>.json beside it)", Required = true };

        var command = new Command("average", "Average the weights of several checkpoints of one network (e.g. the last ones of a cosine schedule)")
        {
            checkpoints, output,
        };
        command.SetAction(parse => Run(parse.GetValue(checkpoints)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(string[] paths, string outputPath)
    {
        if (paths.Length < 2) throw new UsageException($"--checkpoints: {paths.Length} given; averaging needs at least two");
        foreach (string path in paths)
            if (!File.Exists(path)) throw new UsageException($"--checkpoints {path}: file not found");

        using var average = new WeightAverage();
        foreach (string path in paths)
        {
            using var network = AnyCheckpoint.Load(path);
            average.Add(network, path);
            Console.Out.WriteLine($"added:        {path}{Iteration(path)}");
        }
        using var mean = average.ToNetwork();
        CheckpointFile.Save(mean, outputPath, source: $"average of {paths.Length} checkpoints",
            new Dictionary<string, string> { ["averaged"] = string.Join(", ", paths.Select(Path.GetFileName)) });
        Console.Out.WriteLine($"wrote:        {outputPath} (+ {Path.GetFileName(CheckpointFile.SidecarPath(outputPath))}): mean of {average.Count} ({mean.Config})");
        return 0;
    }

    // A training checkpoint knows where its run stood; saying so lets the user check the window averaged.
    private static string Iteration(string path) =>
        string.Equals(Path.GetExtension(path), ".ckpt", StringComparison.OrdinalIgnoreCase)
            ? $" (iteration {TrainingCheckpoint.ReadState(path).Iteration})"
            : "";
}
