using MlNetSr.Reporting;

namespace MlNetSr.Cli;

/// <summary>
/// Progress of the command-line programs on stderr: a live bar with rate and ETA on an interactive terminal, plain
/// lines when stderr is redirected or <c>CI</c> is set (<see cref="ProgressBar.ChooseStyle"/>), so logs stay readable.
/// One bar at a time: <see cref="For"/> starts it, <see cref="Clear"/> ends it.
/// </summary>
public static class ConsoleProgress
{
    private static readonly Lock Gate = new();
    private static ProgressBar? current;

    /// <summary>Starts a bar labelled <paramref name="label"/> (ending the previous one) and returns it; see
    /// <see cref="ProgressBar"/>'s constructor for <paramref name="countFromFirstReport"/>.</summary>
    public static ProgressBar For(string label, bool countFromFirstReport = false)
    {
        lock (Gate)
        {
            current?.Finish();
            current = ProgressBar.ForConsole(label, countFromFirstReport);
            return current;
        }
    }

    /// <summary>Ends the current bar: clears the live line, or writes the closing plain line.</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            current?.Finish();
            current = null;
        }
    }
}
