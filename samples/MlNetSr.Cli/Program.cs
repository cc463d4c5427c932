using System.CommandLine;
using MlNetSr.Cli;
using MlNetSr.Cli.Commands;

var root = new RootCommand("mlnetsr: EDSR/MDSR image super-resolution for .NET")
{
    UpscaleCommand.Create(),
    EvaluateCommand.Create(),
    TrainCommand.Create(),
    ImportCommand.Create(),
    ExportCommand.Create(),
};
return CommandRunner.Run(root, args);
