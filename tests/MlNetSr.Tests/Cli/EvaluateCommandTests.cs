using System.Text.Json;
using MlNetSr.Inference;
using Xunit;

namespace MlNetSr.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Images(params string[] fixtures)
    {
        string images = Path.Combine(folder, "images");
        Directory.CreateDirectory(images);
        foreach (var name in fixtures) File.Copy(TestData.Fixture("images/" + name), Path.Combine(images, name));
        return images;
    }

    private void AssertOneLineError(CliProcess.Result result, params string[] mentions)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.ErrorLines);
        foreach (var mention in mentions) Assert.Contains(mention, result.Error);
    }

    [DataFact]
    public void Json_has_one_object_per_set_and_scale_with_the_documented_keys()
    {
        string json = Path.Combine(folder, "out", "bicubic.json");
        var result = CliProcess.Run("evaluate", "--data", TestData.Benchmark("Set5"), "--scale", "2,4", "--method", "bicubic", "--json", json, "--per-image");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Set5", result.Output);
        Assert.Contains("baby.png", result.Output);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        var first = rows[0];
        Assert.Equal("Set5", first.GetProperty("set").GetString());
        Assert.Equal(2, first.GetProperty("scale").GetInt32());
        Assert.Equal(5, first.GetProperty("images").GetInt32());
        Assert.InRange(first.GetProperty("psnr").GetDouble(), 33.63, 33.69);
        Assert.InRange(first.GetProperty("ssim").GetDouble(), 0.9284, 0.9314);
        Assert.Equal(5, first.GetProperty("per_image").GetArrayLength());
        Assert.Equal(4, rows[1].GetProperty("scale").GetInt32());
    }

    [DataFact]
    public void The_embedded_defaults_of_several_scales_are_scored_in_one_run()
    {
        string json = Path.Combine(folder, "out", "defaults.json");
        var result = CliProcess.Run("evaluate", "--data", TestData.Benchmark("Set5"), "--scale", "3,4", "--method", "model", "--device", "cpu", "--json", json);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("embedded default models", result.Output);
        var rows = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal([3, 4], rows.EnumerateArray().Select(r => r.GetProperty("scale").GetInt32()));
        // Each scale ran its own network: both are well above bicubic (30.39 and 28.42 dB on Set5).
        Assert.True(rows[0].GetProperty("psnr").GetDouble() > 31.0, rows[0].ToString());
        Assert.True(rows[1].GetProperty("psnr").GetDouble() > 29.0, rows[1].ToString());
    }

    [Fact]
    public void The_int8_warning_is_written_once_however_many_scales_load()
    {
        var result = CliProcess.RunLight("evaluate", "--data", Images("rgb.png"), "--scale", "2,3,4", "--method", "model",
            "--precision", "int8", "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.Error);
        int warnings = result.ErrorLines.Count(line => line.Contains("warning: int8 on a CPU without VNNI"));
        Assert.Equal(PrecisionChoice.CpuHasVnni ? 0 : 1, warnings);
    }

    [Fact]
    public void A_model_file_with_several_scales_is_refused()
    {
        AssertOneLineError(CliProcess.Run("evaluate", "--data", Images("rgb.png"), "--scale", "2,3", "--method", "model", "--model", "x2.onnx"),
            "--scale 2,3", "one scale");
    }

    [Fact]
    public void A_corrupt_image_stops_the_run_naming_the_file_and_writes_no_json()
    {
        string json = Path.Combine(folder, "result.json");
        var result = CliProcess.Run("evaluate", "--data", Images("rgb.png", "truncated.png"), "--scale", "2", "--json", json);
        AssertOneLineError(result, "truncated.png");
        Assert.False(File.Exists(json));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_named()
    {
        AssertOneLineError(CliProcess.Run("evaluate", "--data", Images("rgb.png", "not_an_image.png"), "--scale", "2"), "not_an_image.png");
    }

    [Fact]
    public void An_empty_folder_is_named()
    {
        string empty = Path.Combine(folder, "empty");
        Directory.CreateDirectory(empty);
        AssertOneLineError(CliProcess.Run("evaluate", "--data", empty), empty, "no images");
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        string missing = Path.Combine(folder, "nowhere");
        AssertOneLineError(CliProcess.Run("evaluate", "--data", missing), missing);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("2,x")]
    [InlineData("1")]
    public void Unsupported_scales_are_named(string scale)
    {
        var result = CliProcess.Run("evaluate", "--data", Images("rgb.png"), "--scale", scale);
        AssertOneLineError(result, "--scale", scale.Split(',').Last());
    }

    [Fact]
    public void An_image_too_small_for_the_scale_is_named_with_its_size()
    {
        AssertOneLineError(CliProcess.Run("evaluate", "--data", Images("rgb.png"), "--scale", "8"), "rgb.png", "24x16");
    }

    [Fact]
    public void Transparent_images_are_refused_unless_alpha_is_discarded()
    {
        string images = Images("rgba_transparent.png");
        AssertOneLineError(CliProcess.Run("evaluate", "--data", images, "--scale", "2"), "rgba_transparent.png", "--alpha discard");
        var result = CliProcess.Run("evaluate", "--data", images, "--scale", "2", "--alpha", "discard");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("x2", result.Output);
    }

    [Fact]
    public void An_unknown_method_is_named()
    {
        AssertOneLineError(CliProcess.Run("evaluate", "--data", Images("rgb.png"), "--method", "lanczos"), "lanczos");
    }
}
