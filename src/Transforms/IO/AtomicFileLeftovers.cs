using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MlNetSr.IO;

/// <summary>
/// Removes the temporary files <see cref="AtomicFile"/> leaves when its process is killed before the rename
/// (<c>&lt;target&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>): a run folder that is resumed after SIGKILL would otherwise
/// collect one half-written copy per kill. Only files whose writing process is gone are removed.
/// </summary>
public static partial class AtomicFileLeftovers
{
    /// <summary>Deletes leftovers in <paramref name="folder"/> and its subfolders; returns how many.</summary>
    public static int DeleteIn(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int deleted = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories))
        {
            var match = Leftover().Match(Path.GetFileName(file));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, out int pid) || IsRunning(pid)) continue;
            try
            {
                File.Delete(file);
                deleted++;
            }
            catch (IOException) { /* another process holds it: leave it */ }
        }
        return deleted;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    [GeneratedRegex(@"\.(\d+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex Leftover();
}
