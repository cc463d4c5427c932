using System.Diagnostics;

namespace MlNetSr.Tests.Cli;

/// <summary>
/// Runs a built program copied beside the tests as a separate process: by default the repository's full
/// `mlnetsr` (samples/MlNetSr.Cli.Training, every command), or the light one (samples/MlNetSr.Cli, the tool).
/// </summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] arguments) => RunProgram("mlnetsr-training", arguments);

    /// <summary>Runs the light `mlnetsr` (no TorchSharp: upscale and evaluate only).</summary>
    public static Result RunLight(params string[] arguments) => RunProgram("mlnetsr", arguments);

    /// <summary>Runs another program built beside the tests (the samples), e.g. "UpscaleFolder".</summary>
    public static Result RunProgram(string assemblyName, params string[] arguments) => RunProgramIn(null, assemblyName, arguments);

    /// <summary>Runs a program with <paramref name="workingDirectory"/> as its current folder (null: inherited).</summary>
    public static Result RunProgramIn(string? workingDirectory, string assemblyName, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assemblyName} {string.Join(' ', arguments)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
