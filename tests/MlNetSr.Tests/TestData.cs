using Xunit;

namespace MlNetSr.Tests;

/// <summary>Where the shared benchmark and training images are: $MLNETSR_DATA, or ../shared/data beside the repository.</summary>
public static class TestData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string? Root { get; } = FindDataRoot();

    public static bool Available => Root is not null;

    public static string MissingMessage =>
        $"shared data not found: set MLNETSR_DATA or place it at {Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"))}";

    public static string Benchmark(string set) => Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), "benchmarks", set);

    public static string Train(string set) => Path.Combine(Root ?? throw new InvalidOperationException(MissingMessage), "train", set);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlNetSr.sln"))) return dir.FullName;
        throw new InvalidOperationException($"MlNetSr.sln not found above {AppContext.BaseDirectory}");
    }

    private static string? FindDataRoot()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("MLNETSR_DATA"),
            Path.Combine(RepositoryRoot, "..", "shared", "data"),
        };
        return candidates.Where(c => !string.IsNullOrEmpty(c) && Directory.Exists(Path.Combine(c!, "benchmarks")))
            .Select(c => Path.GetFullPath(c!)).FirstOrDefault();
    }
}

/// <summary>A fact that needs the shared data; skipped, with the reason, when the folder is absent.</summary>
public sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute()
    {
        if (!TestData.Available) Skip = TestData.MissingMessage;
    }
}

/// <summary>A theory that needs the shared data; skipped, with the reason, when the folder is absent.</summary>
public sealed class DataTheoryAttribute : TheoryAttribute
{
    public DataTheoryAttribute()
    {
        if (!TestData.Available) Skip = TestData.MissingMessage;
    }
}
