using MlNetSr.Cli;
using MlNetSr.Cli.Training;

// The full `mlnetsr` of the repository: every command of the light program plus train, import, export and average.
return CliProgram.Run(args, TrainingCommands.Create());
