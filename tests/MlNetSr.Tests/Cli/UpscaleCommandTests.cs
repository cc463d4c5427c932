using MlNetSr.Imaging;
using Xunit;

namespace MlNetSr.Tests.Cli;

public sealed class UpscaleCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-upscale-").FullName;
    private static string Model => TestData.Fixture("onnx/edsr_b2f16_x3.onnx");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void An_image_becomes_a_png_three_times_larger_and_the_device_is_named()
    {
        string output = Path.Combine(folder, "out", "big.png");
        var result = CliProcess.Run("upscale", TestData.Fixture("images/rgb.bmp"), "-o", output, "--scale", "3", "--model", Model, "--tile", "16");
        Assert.True(result.ExitCode == 0, result.Error);
        var image = ImageFile.Read(output);
        Assert.Equal((90, 60, 3), (image.Width, image.Height, image.Channels));
        Assert.Contains(" on CPU", result.Error);
    }

    [DataFact]
    public void Without_a_model_the_embedded_default_upscales_monarch_three_times()
    {
        string output = Path.Combine(folder, "monarch_x3.png");
        var result = CliProcess.Run("upscale", Path.Combine(TestData.Benchmark("Set14"), "monarch.png"), "-o", output, "--scale", "3");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("embedded edsr-baseline-x3.onnx x3", result.Error);
        var image = ImageFile.Read(output);
        Assert.Equal((3 * 768, 3 * 512), (image.Width, image.Height));
    }

    [Fact]
    public void A_scale_without_a_model_is_refused_in_one_line()
    {
        var result = CliProcess.Run("upscale", TestData.Fixture("images/rgb.bmp"), "-o", Path.Combine(folder, "x5.png"), "--scale", "5");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--scale '5' is not supported", result.Error);
    }

    [Fact]
    public void A_folder_run_skips_a_bad_image_writes_the_others_and_fails()
    {
        string input = Path.Combine(folder, "in"), output = Path.Combine(folder, "out");
        Directory.CreateDirectory(input);
        File.Copy(TestData.Fixture("images/rgb.png"), Path.Combine(input, "good.png"));
        File.Copy(TestData.Fixture("images/truncated.png"), Path.Combine(input, "bad.png"));
        var result = CliProcess.Run("upscale", input, "-o", output, "--scale", "3", "--model", Model);
        Assert.Equal(2, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "good.png")));
        Assert.False(File.Exists(Path.Combine(output, "bad.png")));
        Assert.Contains("bad.png", result.Error);
    }

    [Fact]
    public void Cuda_on_a_machine_without_it_is_one_line()
    {
        var result = CliProcess.Run("upscale", TestData.Fixture("images/rgb.png"), "-o", Path.Combine(folder, "x.png"), "--scale", "3", "--model", Model, "--device", "cuda");
        if (result.ExitCode == 0) return; // a machine with a working CUDA: nothing to refuse
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("CUDA was requested", result.Error);
    }

    [Theory]
    [InlineData("--scale", "2", "x3 model")]
    [InlineData("--scale", "5", "--scale '5'")]
    [InlineData("--device", "tpu", "--device 'tpu'")]
    public void Bad_options_are_named(string option, string value, string mention)
    {
        var args = new List<string> { "upscale", TestData.Fixture("images/rgb.png"), "-o", Path.Combine(folder, "x.png"), "--model", Model };
        if (option != "--scale") args.AddRange(["--scale", "3"]);
        args.AddRange([option, value]);
        var result = CliProcess.Run([.. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(mention, result.Error);
    }
}
