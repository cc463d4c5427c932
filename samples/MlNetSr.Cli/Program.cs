using MlNetSr.Cli;

// The light `mlnetsr` (also the .NET tool): upscale and evaluate; train/import/export say where they live.
return CliProgram.Run(args);
