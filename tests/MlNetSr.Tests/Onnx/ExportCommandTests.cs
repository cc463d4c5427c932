using Microsoft.ML.OnnxRuntime;
using MlNetSr.Cli;
using MlNetSr.Cli.Commands;
using MlNetSr.Tests.Cli;
using MlNetSr.Tests.Trainer;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Onnx;

/// <summary><c>mlnetsr export</c>: which files it writes for EDSR, MDSR and training checkpoints, and its one-line errors.</summary>
[Collection(ConsoleCollection.Name)]
public class ExportCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-export-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ExportsAnEdsrWeightsFileAndSaysWhatItWrote()
    {
        string output = Path.Combine(folder, "edsr.onnx");
        var (code, stdout, _) = Run("export", "--checkpoint", TorchFixtures.PathOf("edsr_baseline_x3.pt"), "--out", output);

        Assert.Equal(0, code);
        string megabytes = (new FileInfo(output).Length / 1e6).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"wrote:        {output}: EDSR x3, {megabytes} MB, receptive field 36 LR px (radius 35.333)", stdout);
        using var session = new InferenceSession(output);
        Assert.Equal("3", session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Scale]);
        Assert.Equal("edsr_baseline_x3.pt", session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Source]);
    }

    [Fact]
    public void MdsrWithoutScaleWritesOneFilePerScale()
    {
        // An MlNetSr checkpoint (weights + sidecar), as `mlnetsr import` or training writes it.
        string checkpoint = Path.Combine(folder, "mdsr.pt");
        using (var network = WeightsImporter.Import(TorchFixtures.PathOf("mdsr_baseline.pt")).Network)
            CheckpointFile.Save(network, checkpoint, source: "mdsr_baseline.pt");

        var (code, stdout, _) = Run("export", "--checkpoint", checkpoint, "--out", Path.Combine(folder, "mdsr.onnx"));

        Assert.Equal(0, code);
        Assert.Contains("one graph per scale", stdout);
        Assert.False(File.Exists(Path.Combine(folder, "mdsr.onnx")));
        foreach (int s in new[] { 2, 3, 4 })
        {
            string path = Path.Combine(folder, $"mdsr_x{s}.onnx");
            Assert.Contains($"wrote:        {path}: MDSR x{s}", stdout);
            using var session = new InferenceSession(path);
            Assert.Equal($"{s}", session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Scale]);
        }
    }

    [Fact]
    public void TrainingCheckpointExportsItsWeights()
    {
        manual_seed(11);
        var config = new ModelConfig(SrArchitecture.Mdsr, 1, 4, 1.0, [2, 3, 4]);
        using var network = SrModelFactory.Create(config);
        string checkpoint = Path.Combine(folder, "run.ckpt");
        TrainingCheckpoint.Save(checkpoint, TrainingState.For(config, 7, [1, 2, 3, 4], 1, 0), network, []);
        string output = Path.Combine(folder, "run_x3.onnx");

        var (code, stdout, _) = Run("export", "--checkpoint", checkpoint, "--out", output, "--scale", "3");

        Assert.Equal(0, code);
        Assert.Contains("MDSR x3", stdout);
        using var session = new InferenceSession(output);
        using var scope = NewDisposeScope();
        var input = rand(1, 3, 9, 7) * 255;
        network.eval();
        using var _ = no_grad();
        Assert.InRange(OrtForward.MaxAbsDiff(OrtForward.Run(session, input), network.forward(input, 3)), 0, 1e-3);
    }

    [Fact]
    public void ScaleTheCheckpointLacksIsOneLine()
    {
        string output = Path.Combine(folder, "x.onnx");
        var (code, stdout, stderr) = Run("export", "--checkpoint", TorchFixtures.PathOf("edsr_baseline_x2.pt"), "--out", output, "--scale", "4");

        Assert.Equal(CommandRunner.UsageError, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("mlnetsr: error: --scale 4: ", stderr);
        Assert.Contains("x2 only", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void MissingCheckpointIsOneLineNamingIt()
    {
        string missing = Path.Combine(folder, "nope.pt");
        var (code, _, stderr) = Run("export", "--checkpoint", missing, "--out", Path.Combine(folder, "x.onnx"));

        Assert.Equal(CommandRunner.UsageError, code);
        Assert.Equal($"mlnetsr: error: --checkpoint {missing}: file not found", stderr.TrimEnd());
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        ConsoleCapture.Run([ExportCommand.Create()], args);
}
