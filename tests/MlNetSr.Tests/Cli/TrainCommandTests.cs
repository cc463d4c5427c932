using Xunit;

namespace MlNetSr.Tests.Cli;

/// <summary><c>mlnetsr train</c> refuses a bad schedule in one line before any work starts.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-train-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private CliProcess.Result Train(params string[] schedule) =>
        CliProcess.Run(["train", "--data", TestData.Train("T91"), "--out", Path.Combine(folder, "run"), "--iterations", "2", .. schedule]);

    [DataTheory]
    [InlineData("5,3", "--decay-at 5,3")]
    [InlineData("100,x", "'x' is not an iteration")]
    public void A_bad_milestone_list_is_named(string milestones, string expected)
    {
        var result = Train("--decay-at", milestones);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(expected, result.Error);
        Assert.False(File.Exists(Path.Combine(folder, "run", "latest.ckpt")));
    }

    [DataFact]
    public void Two_schedules_at_once_are_refused()
    {
        var result = Train("--decay-at", "1000", "--decay-every", "500");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("two schedules", result.Error);
    }
}
