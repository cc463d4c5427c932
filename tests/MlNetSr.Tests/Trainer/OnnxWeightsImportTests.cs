using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>An fp32 ONNX file MlNetSr exported gives its network back, so an embedded model can seed <c>--init</c>.</summary>
public class OnnxWeightsImportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-onnx-weights-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ExportedOnnxImportsBitForBitWithItsResScale()
    {
        // res_scale 0.5 with F=8 is not what shapes imply (1): only the file's metadata can restore it.
        var config = new ModelConfig(SrArchitecture.Edsr, 2, 8, 0.5, [3]);
        manual_seed(5);
        using var original = SrModelFactory.Create(config);
        string path = Path.Combine(folder, "x3.onnx");
        OnnxExporter.Export(original, path);

        var imported = WeightsImporter.Import(path);
        using var copy = imported.Network;
        Assert.Equal(WeightsFileFormat.Onnx, imported.Format);
        Assert.Equal(config, imported.Config);
        Assert.True(imported.ResScaleFromFile);
        Assert.Equal(config, WeightsImporter.InferConfig(path));
        WeightsRoundTripTests.AssertSameTensors(original, copy);
    }

    [Fact]
    public void EmbeddedX2SeedsAnX3NetworkWithEveryTensorButTheNewUpsampler()
    {
        string path = Path.Combine(folder, "x2.onnx");
        File.WriteAllBytes(path, DefaultModels.Get(2));
        using var x2 = AnyCheckpoint.Load(path);
        Assert.Equal(new ModelConfig(SrArchitecture.Edsr, 16, 64, 1.0, [2]), x2.Config);

        using var x3 = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 16, 64, 1.0, [3]));
        var report = ScaleTransfer.InitialiseFrom(x3, x2);
        Assert.Equal(["tail.0.0.weight", "tail.0.0.bias"], report.KeptInitial);
        Assert.True(x3.state_dict()["body.15.body.2.weight"].eq(x2.state_dict()["body.15.body.2.weight"]).all().item<bool>());
    }

    [Fact]
    public void Int8ModelIsRefusedNamingTheQuantizedTensor()
    {
        string path = Path.Combine(folder, "x2.int8.onnx");
        File.WriteAllBytes(path, DefaultModels.Get(2, Precision.Int8));
        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("quantized (int8)", error.Message);
    }

    [Fact]
    public void MdsrGraphIsRefusedBecauseItHoldsOneBranch()
    {
        using var mdsr = SrModelFactory.Create(new ModelConfig(SrArchitecture.Mdsr, 1, 8, 1.0, [2, 3, 4]));
        string path = Path.Combine(folder, "mdsr_x3.onnx");
        OnnxExporter.Export(mdsr, path, 3);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.Contains("one scale's branch", error.Message);
    }

    [Fact]
    public void TruncatedOnnxIsRefusedNamingTheFile()
    {
        using var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 8, 1.0, [2]));
        string whole = Path.Combine(folder, "whole.onnx");
        OnnxExporter.Export(network, whole);
        byte[] bytes = File.ReadAllBytes(whole);
        string path = Path.Combine(folder, "cut.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        Assert.StartsWith(path + ":", error.Message);
    }
}
