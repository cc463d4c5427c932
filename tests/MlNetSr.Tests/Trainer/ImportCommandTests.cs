using MlNetSr.Cli;
using MlNetSr.Cli.Commands;
using MlNetSr.Tests.Cli;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;

namespace MlNetSr.Tests.Trainer;

/// <summary><c>mlnetsr import</c>: prints what it inferred, writes a loadable checkpoint, and turns bad input into exit code 2.</summary>
[Collection(ConsoleCollection.Name)]
public class ImportCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-import-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ImportsMdsrAndPrintsTheInferredNetwork()
    {
        string output = Path.Combine(folder, "mdsr.pt");
        var (code, stdout, _) = Run("import", "--weights", TorchFixtures.PathOf("mdsr_baseline.pt"), "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("architecture: MDSR", stdout);
        Assert.Contains("blocks (B):   16", stdout);
        Assert.Contains("features (F): 64", stdout);
        Assert.Contains("scale(s):     x2,x3,x4", stdout);
        Assert.Contains("3,227,203 trainable", stdout);
        using var loaded = CheckpointFile.Load(output);
        Assert.Equal(ModelPresets.Get(ModelPresets.MdsrBaseline), loaded.Config);
    }

    [Fact]
    public void ResScaleOptionReachesTheCheckpoint()
    {
        string output = Path.Combine(folder, "st.pt");
        var (code, stdout, _) = Run("import", "--weights", TorchFixtures.PathOf("edsr_b2f16_x3_rs01.safetensors"), "--out", output, "--res-scale", "0.1");

        Assert.Equal(0, code);
        Assert.Contains("res_scale:    0.1 (given)", stdout);
        Assert.Equal(0.1, CheckpointFile.ReadMetadata(output)!.ResScale);
    }

    [Fact]
    public void ImportsTheEmbeddedX2OnnxWithResScaleFromItsMetadata()
    {
        string model = Path.Combine(folder, "x2.onnx");
        File.WriteAllBytes(model, MlNetSr.Pipelines.DefaultModels.Get(2));
        string output = Path.Combine(folder, "x2.pt");
        var (code, stdout, _) = Run("import", "--weights", model, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("format:       ONNX (MlNetSr export, fp32)", stdout);
        Assert.Contains("res_scale:    1 (the file's metadata)", stdout);
        Assert.Contains("scale(s):     x2", stdout);
        using var loaded = CheckpointFile.Load(output);
        Assert.Equal(ModelPresets.Get(ModelPresets.EdsrBaseline, 2), loaded.Config);
    }

    [Theory]
    [InlineData("in_13x17.bin", "not a PyTorch state_dict")]
    [InlineData("manifest.json", "not a PyTorch state_dict")]
    [InlineData("absent.pt", "not found")]
    public void UnreadableWeightsAreAOneLineUsageError(string file, string expected)
    {
        var (code, stdout, stderr) = Run("import", "--weights", TorchFixtures.PathOf(file), "--out", Path.Combine(folder, "x.pt"));

        Assert.Equal(CommandRunner.UsageError, code);
        Assert.StartsWith("mlnetsr: error:", stderr);
        Assert.Contains(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Empty(stdout);
        Assert.False(File.Exists(Path.Combine(folder, "x.pt")));
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        ConsoleCapture.Run([ImportCommand.Create()], args);
}
