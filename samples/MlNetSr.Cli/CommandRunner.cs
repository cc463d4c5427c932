using System.CommandLine;
using MlNetSr.Imaging;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;

namespace MlNetSr.Cli;

/// <summary>
/// Parses and runs a command so that every user error ends as one line on stderr ("mlnetsr: error: ...")
/// and exit code 2; unexpected failures keep their stack trace and exit with 1.
/// </summary>
public static class CommandRunner
{
    public const int UsageError = 2;

    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"mlnetsr: error: {error.Message}");
            return UsageError;
        }
        try
        {
            // System.CommandLine's default handler would print "Unhandled exception" + stack and return 1: keep our policy.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"mlnetsr: error: {e.Message}");
            return UsageError;
        }
    }

    private static bool IsUserError(Exception e) => e is UsageException or InvalidImageException
        or ArgumentException or IOException or UnauthorizedAccessException
        // Weights files that do not fit or cannot be read are the user's input, not a crash.
        or WeightsMismatchException or InvalidDataException or NotSupportedException
        or Inference.DeviceUnavailableException or Inference.MemoryBudgetException
        // A diverged run has saved its last finite weights; the message says how to continue.
        or TrainingDivergedException;
}

/// <summary>A command-line value that cannot be used; the message names the option and the value.</summary>
public sealed class UsageException(string message) : Exception(message);
