using System.CommandLine;
using MlNetSr.Cli.Commands;

namespace MlNetSr.Cli;

/// <summary>
/// The <c>mlnetsr</c> command tree. This assembly (the <c>mlnetsr</c> tool) holds the inference commands only and
/// references no TorchSharp, so upscaling and evaluation restore and load no libtorch. The training commands
/// (train, import, export, average) live in MlNetSr.Cli.Training, whose program passes them in; without them the same names
/// answer with one line that says what to use instead.
/// </summary>
public static class CliProgram
{
    /// <summary>The names of the commands that need TorchSharp.</summary>
    public static IReadOnlyList<string> TrainingCommandNames { get; } = ["train", "import", "export", "average"];

    /// <summary>Runs the command line (upscale, evaluate, quantize); <paramref name="trainingCommands"/> null gives the light program.</summary>
    public static int Run(string[] args, IEnumerable<Command>? trainingCommands = null)
    {
        var root = new RootCommand("mlnetsr: EDSR/MDSR image super-resolution for .NET")
        {
            UpscaleCommand.Create(),
            EvaluateCommand.Create(),
            CompareCommand.Create(),
            CurveCommand.Create(),
            QuantizeCommand.Create(),
        };
        foreach (var command in trainingCommands ?? TrainingCommandNames.Select(Unavailable)) root.Add(command);
        return CommandRunner.Run(root, args);
    }

    /// <summary>
    /// What the light program answers to a training command: which build has it, and what that brings.
    /// Accepts any arguments, so the message comes whatever the user typed after the name.
    /// </summary>
    public static string UnavailableMessage(string name) =>
        $"'{name}' needs TorchSharp and libtorch (CPU, linux-x64: about 130 MB to download, 500 MB unpacked), which this " +
        $"mlnetsr leaves out so that upscale and evaluate stay light. From a clone of the repository run " +
        $"`dotnet run --project samples/MlNetSr.Cli.Training -c Release -- {name} ...`; from your own project, " +
        $"add the MlNetSr.Training package (`dotnet add package MlNetSr.Training`).";

    private static Command Unavailable(string name)
    {
        var command = new Command(name, $"(needs the training build: MlNetSr.Cli.Training) {name}")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"mlnetsr: error: {UnavailableMessage(name)}");
            return CommandRunner.UsageError;
        });
        return command;
    }
}
