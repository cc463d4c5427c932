using System.Text.Json;
using System.Text.RegularExpressions;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Packaging;

/// <summary>
/// The inference side needs no libtorch and no CUDA: the MlNetSr package's project (src/Transforms) and the light
/// `mlnetsr` (samples/MlNetSr.Cli, README's main command and the .NET tool) restore none, and the light program
/// upscales while pointing training commands to the build that has them.
/// </summary>
public class LightInferenceTests
{
    private static readonly Regex Heavy = new("torch|cuda|onnxruntime\\.gpu", RegexOptions.IgnoreCase);

    [Theory]
    [InlineData("src/Transforms")]
    [InlineData("samples/MlNetSr.Cli")]
    public void The_restored_closure_holds_no_TorchSharp_libtorch_or_CUDA_package(string project)
    {
        string assets = Path.Combine(TestData.RepositoryRoot, project, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} missing: the project was not restored");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(libraries, name => name.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(libraries, name => Heavy.IsMatch(name.Split('/')[0]));
    }

    [Fact]
    public void The_light_program_lists_no_TorchSharp_in_its_dependencies()
    {
        string deps = Path.Combine(AppContext.BaseDirectory, "mlnetsr.deps.json");
        using var json = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(libraries, name => name.StartsWith("MlNetSr.Transforms/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, name => Heavy.IsMatch(name.Split('/')[0]));
    }

    [Fact]
    public void The_light_program_upscales()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mlnetsr-light-{Guid.NewGuid():N}");
        try
        {
            string output = Path.Combine(folder, "x2.png");
            var result = CliProcess.RunLight("upscale", TestData.Fixture("images/rgb.png"), "-o", output, "--scale", "2");
            Assert.True(result.ExitCode == 0, result.Error);
            var image = MlNetSr.Imaging.ImageFile.Read(output);
            Assert.Equal((60, 40), (image.Width, image.Height));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("train", "--data", "x", "--out", "y")]
    [InlineData("import", "--weights", "w.pt", "--out", "c.pt")]
    [InlineData("export")]
    [InlineData("average")]
    public void Training_commands_of_the_light_program_say_what_to_install(params string[] arguments)
    {
        var result = CliProcess.RunLight(arguments);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"mlnetsr: error: '{arguments[0]}' needs TorchSharp and libtorch", line);
        Assert.Contains("MlNetSr.Training", line);
        Assert.Contains($"dotnet run --project samples/MlNetSr.Cli.Training -c Release -- {arguments[0]}", line);
    }
}
