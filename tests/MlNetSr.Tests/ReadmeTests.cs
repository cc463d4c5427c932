using System.Text.RegularExpressions;
using Xunit;

namespace MlNetSr.Tests;

/// <summary>README's promises: CI runs exactly the test command README shows.</summary>
public class ReadmeTests
{
    [Fact]
    public void Ci_runs_the_test_command_written_in_the_readme()
    {
        string readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "README.md"));
        string ci = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, ".ci", "run"));
        var command = Regex.Match(readme, @"^dotnet test .*$", RegexOptions.Multiline);
        Assert.True(command.Success, "README.md shows no `dotnet test` command");
        Assert.Contains(command.Value.Trim() + " ", ci);
    }
}
