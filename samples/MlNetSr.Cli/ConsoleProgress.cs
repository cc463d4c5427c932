namespace MlNetSr.Cli;

/// <summary>A one-line "label: done/total" progress indicator on stderr, shown only on an interactive terminal.</summary>
public static class ConsoleProgress
{
    public static IProgress<(int Done, int Total)>? For(string label) =>
        Console.IsErrorRedirected ? null : new Progress<(int Done, int Total)>(p => Console.Error.Write($"\r{label}: {p.Done}/{p.Total}   "));

    public static void Clear()
    {
        if (!Console.IsErrorRedirected) Console.Error.Write("\r" + new string(' ', 60) + "\r");
    }
}
