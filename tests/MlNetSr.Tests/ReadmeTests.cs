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

/// <summary>README's first example is samples/QuickStart, word for word, and it runs from the repository root.</summary>
public class ReadmeQuickStartTests
{
    [Fact]
    public void The_first_csharp_example_of_the_readme_is_the_QuickStart_sample()
    {
        string readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "README.md"));
        var first = Regex.Match(readme, "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(first.Success, "README.md has no ```csharp example");
        Assert.Contains("ml.Transforms.SuperResolve(scale: 3)", first.Groups[1].Value);
        string sample = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "QuickStart", "Program.cs"));
        Assert.Equal(sample.ReplaceLineEndings("\n"), first.Groups[1].Value);
    }

    [DataFact]
    public void The_QuickStart_sample_runs_as_written_from_the_repository_root()
    {
        string output = Path.Combine(Path.GetTempPath(), $"mlnetsr-quickstart-{Guid.NewGuid():N}.png");
        try
        {
            var result = Cli.CliProcess.RunProgramIn(TestData.RepositoryRoot, "QuickStart", output);
            Assert.True(result.ExitCode == 0, result.Error);
            var image = MlNetSr.Imaging.ImageFile.Read(output);
            Assert.Equal((3 * 768, 3 * 512), (image.Width, image.Height));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
