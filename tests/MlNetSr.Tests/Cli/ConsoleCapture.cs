using System.CommandLine;
using MlNetSr.Cli;
using Xunit;

namespace MlNetSr.Tests.Cli;

/// <summary>Runs a command line in this process with Console.Out and Console.Error captured.</summary>
public static class ConsoleCapture
{
    /// <summary>Runs <paramref name="program"/> (returning an exit code) and gives back what it wrote.</summary>
    public static (int Code, string Stdout, string Stderr) Run(Func<int> program)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = program();
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>Runs <paramref name="args"/> against a root holding <paramref name="commands"/>, as the CLI does.</summary>
    public static (int Code, string Stdout, string Stderr) Run(IEnumerable<Command> commands, params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in commands) root.Add(command);
        return Run(() => CommandRunner.Run(root, args));
    }
}

/// <summary>Tests that redirect the process's console run one at a time, in this one collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
