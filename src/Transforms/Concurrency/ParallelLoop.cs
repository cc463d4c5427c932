using System.Runtime.ExceptionServices;

namespace MlNetSr.Concurrency;

/// <summary>
/// Parallel.For that rethrows the first failure as itself instead of an AggregateException, so callers (and the
/// CLI's one-line errors) see the message that names the file or value at fault.
/// </summary>
public static class ParallelLoop
{
    /// <summary>Runs <paramref name="body"/> for 0..<paramref name="count"/>-1, on at most <paramref name="maxParallelism"/> threads (-1: the runtime's choice).</summary>
    public static void For(int count, Action<int> body, int maxParallelism = -1)
    {
        try { Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism }, body); }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
