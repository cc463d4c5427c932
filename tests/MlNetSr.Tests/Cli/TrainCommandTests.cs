using Xunit;

namespace MlNetSr.Tests.Cli;

/// <summary><c>mlnetsr train</c> refuses a bad schedule or downscale factor in one line before any work starts, and ends a diverged run in one line.</summary>
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

    [DataTheory]
    [InlineData("0.8,abc", "'abc' is not a factor")]
    [InlineData("0.8,1.2", "--downscale-copies 0.8,1.2: each factor must be above 0 and below 1")]
    public void A_bad_downscale_factor_is_named(string factors, string expected)
    {
        var result = Train("--downscale-copies", factors);
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

    [DataFact]
    public void A_diverged_run_ends_with_one_error_line_and_a_resumable_checkpoint()
    {
        var result = Train("--lr", "1e30", "--batch", "2", "--patch", "16");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("mlnetsr: error: training diverged at iteration 2: the loss or a gradient is not finite", result.Error);
        Assert.Contains("--resume", result.Error);
        Assert.True(File.Exists(Path.Combine(folder, "run", "latest.ckpt")));
    }
}
