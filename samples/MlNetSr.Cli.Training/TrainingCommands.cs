using System.CommandLine;
using MlNetSr.Cli.Commands;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;

namespace MlNetSr.Cli.Training;

/// <summary>The commands that need TorchSharp: train, import, export and average.</summary>
public static class TrainingCommands
{
    /// <summary>The four commands, with the Trainer's input errors declared as user errors.</summary>
    public static IReadOnlyList<Command> Create()
    {
        RegisterUserErrors();
        return [TrainCommand.Create(), ImportCommand.Create(), ExportCommand.Create(), AverageCommand.Create()];
    }

    /// <summary>
    /// Weights files that do not fit are the user's input, not a crash; a diverged run has saved its last finite
    /// weights and its message says how to continue. Both end as one line and exit code 2.
    /// </summary>
    internal static void RegisterUserErrors() =>
        CommandRunner.AddUserErrors(typeof(WeightsMismatchException), typeof(TrainingDivergedException));
}
