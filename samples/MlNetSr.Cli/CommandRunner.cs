using System.CommandLine;
using MlNetSr.Imaging;

namespace MlNetSr.Cli;

/// <summary>
/// Parses and runs a command so that every user error ends as one line on stderr ("mlnetsr: error: ...")
/// and exit code 2; unexpected failures keep their stack trace and exit with 1.
/// </summary>
public static class CommandRunner
{
    /// <summary>The exit code of a command-line mistake or an unusable input.</summary>
    public const int UsageError = 2;

    private static readonly List<Type> ExtraUserErrors = [];

    /// <summary>
    /// Declares more exception types (and their subtypes) as user errors, for commands that live in other assemblies
    /// (the training commands of MlNetSr.Cli.Training: weights that do not fit, a diverged run).
    /// </summary>
    public static void AddUserErrors(params Type[] exceptionTypes)
    {
        lock (ExtraUserErrors)
            foreach (var type in exceptionTypes)
                if (!ExtraUserErrors.Contains(type)) ExtraUserErrors.Add(type);
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the chosen command.</summary>
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

    private static bool IsUserError(Exception e)
    {
        if (e is UsageException or InvalidImageException
            or ArgumentException or IOException or UnauthorizedAccessException
            // Weights files that cannot be read are the user's input, not a crash.
            or InvalidDataException or NotSupportedException
            or Inference.DeviceUnavailableException or Inference.MemoryBudgetException)
            return true;
        lock (ExtraUserErrors) return ExtraUserErrors.Any(type => type.IsInstanceOfType(e));
    }
}

/// <summary>A command-line value that cannot be used; the message names the option and the value.</summary>
public sealed class UsageException(string message) : Exception(message);
