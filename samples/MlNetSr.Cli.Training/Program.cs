using MlNetSr.Cli;
using MlNetSr.Cli.Training;

// The full `mlnetsr` of the repository: every command of the light program plus train, import and export.
return CliProgram.Run(args, TrainingCommands.Create());
