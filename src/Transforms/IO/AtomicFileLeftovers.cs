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
    public static int DeleteIn(string folder) =>
        Directory.Exists(folder) ? Delete(Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories)) : 0;

    /// <summary>Deletes the leftovers of one target file (<c>PATH.PID.ID.tmp</c> beside it); returns how many.</summary>
    public static int DeleteBeside(string path)
    {
        string full = Path.GetFullPath(path), folder = Path.GetDirectoryName(full)!;
        return Directory.Exists(folder) ? Delete(Directory.EnumerateFiles(folder, Path.GetFileName(full) + ".*.tmp")) : 0;
    }

    private static int Delete(IEnumerable<string> candidates)
    {
        int deleted = 0;
        foreach (string file in candidates)
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
