using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>Export → import gives back identical tensors; the checkpoint sidecar restores what a file cannot tell.</summary>
public class WeightsRoundTripTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("pt")]
    [InlineData("safetensors")]
    public void ExportedWeightsImportBitForBit(string extension)
    {
        var config = new ModelConfig(SrArchitecture.Edsr, 3, 8, 1.0, [4]);
        string path = Path.Combine(folder, $"model.{extension}");
        using var original = SrModelFactory.Create(config);
        if (extension == "pt") WeightsExporter.SavePyTorch(original, path);
        else WeightsExporter.SaveSafetensors(original, path);

        var imported = WeightsImporter.Import(path);
        using var copy = imported.Network;
        Assert.Equal(config, imported.Config);
        AssertSameTensors(original, copy);
    }

    [Fact]
    public void MdsrExportImportKeepsBranchOrder()
    {
        var config = new ModelConfig(SrArchitecture.Mdsr, 2, 8, 1.0, [2, 3, 4]);
        string path = Path.Combine(folder, "mdsr.pt");
        using var original = SrModelFactory.Create(config);
        WeightsExporter.SavePyTorch(original, path);
        using var copy = WeightsImporter.Import(path).Network;
        Assert.Equal(config, copy.Config);
        AssertSameTensors(original, copy);
    }

    [Fact]
    public void CheckpointSidecarRestoresResScaleAndExtras()
    {
        // res_scale 0.5 with F=8 cannot be inferred from shapes: only the sidecar knows it.
        var config = new ModelConfig(SrArchitecture.Edsr, 2, 8, 0.5, [3]);
        string path = Path.Combine(folder, "ckpt.pt");
        using var original = SrModelFactory.Create(config);
        CheckpointFile.Save(original, path, source: "unit test", extra: new Dictionary<string, string> { ["epoch"] = "7" });

        Assert.True(File.Exists(CheckpointFile.SidecarPath(path)));
        var metadata = CheckpointFile.ReadMetadata(path)!;
        Assert.Equal("7", metadata.Extra!["epoch"]);
        using var loaded = CheckpointFile.Load(path);
        Assert.Equal(config, loaded.Config);
        AssertSameTensors(original, loaded);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void TrainedMeanShiftIsKeptButReported()
    {
        // EP trained MeanShift by mistake in 2018 (SR_SPEC §1.2): such values load as they are, with a warning.
        var config = new ModelConfig(SrArchitecture.Edsr, 1, 8, 1.0, [2]);
        string path = Path.Combine(folder, "drifted.pt");
        using (var source = SrModelFactory.Create(config))
        {
            using (no_grad()) source.state_dict()["sub_mean.bias"].add_(0.5f);
            WeightsExporter.SavePyTorch(source, path);
        }

        var imported = WeightsImporter.Import(path);
        using var network = imported.Network;
        var warning = Assert.Single(imported.Warnings);
        Assert.StartsWith("sub_mean differs", warning);
        Assert.Equal(-114.444 + 0.5, network.state_dict()["sub_mean.bias"][0].item<float>(), 1e-3);
    }

    internal static void AssertSameTensors(SrNetwork expected, SrNetwork actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (key, tensor) in a)
            Assert.True(tensor.eq(b[key]).all().item<bool>(), $"{key} differs after the round trip");
        Assert.Equal(expected.CountTrainable(), actual.CountTrainable()); // frozen MeanShift stays frozen
    }
}
