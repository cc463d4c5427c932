using System.Diagnostics;
using Xunit;

namespace MlNetSr.Tests.Trainer;

/// <summary>
/// Runs the build's loader-fix target (build/TorchSharpLoaderFix.targets) on a folder whose libLibTorchSharp.so is a
/// hard link into the NuGet cache: the cache copy must stay untouched, the output copy gets a new inode with one
/// changed byte, and a second run changes nothing and says nothing.
/// </summary>
public class LoaderFixTaskTests : IDisposable
{
    private static readonly string CacheCopy = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        ".nuget", "packages", "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-loaderfix-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void PatchesAFreshCopyOnceAndNeverTheCache()
    {
        if (!File.Exists(CacheCopy)) return; // packages restored elsewhere: nothing to link to
        byte[] cacheBefore = File.ReadAllBytes(CacheCopy);
        string output = Path.Combine(folder, "libLibTorchSharp.so");
        Run("ln", CacheCopy, output); // what CreateHardLinksForCopyLocalIfPossible produces
        long cacheInode = Inode(CacheCopy);

        string firstLog = RunTarget();

        Assert.Equal(cacheBefore, File.ReadAllBytes(CacheCopy));
        bool systemHasVersion = SystemHasGlibcxx3432();
        int changed = CountDifferences(cacheBefore, File.ReadAllBytes(output));
        Assert.Equal(systemHasVersion ? 0 : 1, changed);
        if (systemHasVersion) return;
        Assert.Contains("TorchSharp loader fix: marked GLIBCXX_3.4.32 weak", firstLog);
        Assert.NotEqual(cacheInode, Inode(output));
        Assert.Equal(File.GetLastWriteTimeUtc(CacheCopy), File.GetLastWriteTimeUtc(output)); // incremental copy stays quiet

        long inodeAfterFirst = Inode(output);
        string secondLog = RunTarget();
        Assert.DoesNotContain("TorchSharp loader fix", secondLog);
        Assert.Equal(inodeAfterFirst, Inode(output)); // already weak: the file is not rewritten
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void FolderWithoutTheLibraryIsLeftAlone()
    {
        string log = RunTarget();
        Assert.DoesNotContain("TorchSharp loader fix", log);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    private string RunTarget()
    {
        string targets = Path.Combine(TestData.RepositoryRoot, "build", "TorchSharpLoaderFix.targets");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return Run(dotnet, "msbuild", targets, "-nologo", "-nodeReuse:false", "-t:PatchTorchSharpLoaderAfterBuild", $"-p:TargetDir={folder}/");
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(" ", args)} failed:\n{stdout}");
        return stdout;
    }

    private static long Inode(string path) => long.Parse(Run("stat", "-c", "%i", path).Trim());

    private static int CountDifferences(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Count(i => a[i] != b[i]);
    }

    private static bool SystemHasGlibcxx3432()
    {
        const string lib = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return File.Exists(lib) && File.ReadAllBytes(lib).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }
}
