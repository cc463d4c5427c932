using System.Diagnostics;

namespace MlNetSr.Tests.Cli;

/// <summary>Runs the built `mlnetsr` program (copied beside the tests) as a separate process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnetsr.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mlnetsr {string.Join(' ', arguments)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
