using MlNetSr.Cli;
using MlNetSr.Reporting;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Reporting;

/// <summary>The progress display: live bar on a terminal, plain lines for logs (redirected output or CI).</summary>
public sealed class ProgressBarTests
{
    [Theory]
    [InlineData(false, null, ProgressStyle.Live)]
    [InlineData(false, "", ProgressStyle.Live)]
    [InlineData(false, "0", ProgressStyle.Live)]
    [InlineData(false, "false", ProgressStyle.Live)]
    [InlineData(false, "true", ProgressStyle.Plain)]
    [InlineData(false, "1", ProgressStyle.Plain)]
    [InlineData(true, null, ProgressStyle.Plain)]
    [InlineData(true, "true", ProgressStyle.Plain)]
    public void Redirected_output_or_CI_gives_plain_lines(bool redirected, string? ci, ProgressStyle expected) =>
        Assert.Equal(expected, ProgressBar.ChooseStyle(redirected, ci));

    [Fact]
    public void Plain_lines_come_at_most_every_ten_seconds_and_once_at_the_end()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        var bar = new ProgressBar("Set5 model", ProgressStyle.Plain, output, () => now);
        for (int done = 0; done <= 30; done++)
        {
            now = TimeSpan.FromSeconds(done);
            bar.Report((done, 30));
        }
        bar.Finish();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain('\r', output.ToString().Replace(Environment.NewLine, "\n"));
        Assert.Equal(
        [
            "Set5 model: 10/30 (33%)  1.00/s  ETA 00:00:20",
            "Set5 model: 20/30 (67%)  1.00/s  ETA 00:00:10",
            "Set5 model: 30/30 (100%)  1.00/s  done in 00:00:30",
        ], lines);
    }

    [Fact]
    public void A_single_step_stays_silent_in_plain_mode()
    {
        var output = new StringWriter();
        var bar = new ProgressBar("tiles", ProgressStyle.Plain, output, () => TimeSpan.FromSeconds(30));
        bar.Report((1, 1));
        bar.Finish();
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void The_live_bar_redraws_one_line_with_rate_and_eta_and_clears_it()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        var bar = new ProgressBar("train", ProgressStyle.Live, output, () => now, countFromFirstReport: true);
        bar.Report((100, 1100));
        now = TimeSpan.FromSeconds(50);
        bar.Report((200, 1100));
        bar.WriteLine("it 200/1100  loss 5.0");
        bar.Finish();
        string text = output.ToString();
        Assert.Contains("\rtrain [====>" + new string(' ', 19) + "] 200/1100  18%  2.00/s  ETA 00:07:30", text);
        Assert.Contains("it 200/1100  loss 5.0" + Environment.NewLine, text);
        Assert.EndsWith("\r", text);
        Assert.DoesNotContain('\n', text.Replace("it 200/1100  loss 5.0" + Environment.NewLine, ""));
    }

    [DataFact]
    public void A_redirected_evaluate_writes_plain_progress_lines()
    {
        var result = CliProcess.RunLight("evaluate", "--data", TestData.Benchmark("Set5"), "--scale", "2,3");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain('\r', result.Error);
        Assert.Matches(@"(?m)^Set5 bicubic: 10/10 \(100%\)  [0-9.]+/s  done in \d\d:\d\d:\d\d$", result.Error.Replace("\r\n", "\n"));
    }
}
