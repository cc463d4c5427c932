using MlNetSr.Inference;
using MlNetSr.Imaging;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Reporting;

/// <summary>The folder upscale's images bar (plain lines when redirected) and `compare --precision`.</summary>
public sealed class CliProgressAndPrecisionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-cli-progress-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_redirected_folder_upscale_writes_a_plain_closing_images_line()
    {
        string input = Path.Combine(folder, "in");
        Directory.CreateDirectory(input);
        File.Copy(TestData.Fixture("images/rgb.png"), Path.Combine(input, "a.png"));
        File.Copy(TestData.Fixture("images/rgb.bmp"), Path.Combine(input, "b.bmp"));
        var result = CliProcess.RunLight("upscale", input, "-o", Path.Combine(folder, "out"), "--scale", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("\r", result.Error);
        Assert.Contains("images: 2/2", result.Error);
        Assert.Contains("[2/2]", result.Output);
    }

    [DataFact]
    public void Compare_runs_the_embedded_int8_model_when_asked()
    {
        string hr = Path.Combine(TestData.Benchmark("Set5"), "butterfly.png"), grid = Path.Combine(folder, "grid.png");
        var result = CliProcess.RunLight("compare", "--hr", hr, "--scale", "2", "--methods", "default", "--precision", "int8",
            "--device", "cpu", "-o", grid);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("int8", result.Output);
        Assert.True(ImageFile.Read(grid).Width > 0);
        // Without VNNI, int8 loses more than its documented 0.10 dB: the run says so, and only then.
        Assert.Equal(!PrecisionChoice.CpuHasVnni, result.Error.Contains("warning: int8 on a CPU without VNNI"));
        var refused = CliProcess.RunLight("compare", "--hr", hr, "--scale", "2", "--precision", "fp16", "-o", grid);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--precision 'fp16'", refused.Error);
    }
}
