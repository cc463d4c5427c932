using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>Mismatched weights are refused with every offending key listed, and nothing is copied.</summary>
public class WeightsRefusalTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-refusal-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void WideEdsrFileAsBaselineIsRefusedListingMisshapedAndMissingKeys()
    {
        // A paper-width (F=256) EDSR, shortened to 2 blocks to keep the file small; loaded as edsr-baseline x2.
        string path = Path.Combine(folder, "edsr_f256_b2_x2.pt");
        using (var wide = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 2, 256, 0.1, [2])))
            WeightsExporter.SavePyTorch(wide, path);
        Assert.Equal(new ModelConfig(SrArchitecture.Edsr, 2, 256, 0.1, [2]), WeightsImporter.InferConfig(path));

        var error = Assert.Throws<WeightsMismatchException>(() =>
            WeightsImporter.Import(path, new WeightsImportOptions { Config = ModelPresets.Get(ModelPresets.EdsrBaseline, 2) }));

        Assert.Contains("head.0.weight: file [256,3,3,3] vs model [64,3,3,3]", error.Misshaped);
        Assert.Contains("body.2.body.0.weight", error.Missing); // baseline has 16 blocks, the file 2
        Assert.Contains("body.2.weight", error.Unexpected);    // the file's body-end conv sits at index 2
        Assert.Contains("mis-shaped keys", error.Message);
        Assert.Contains("body.15.body.2.bias", error.Message);
    }

    [Fact]
    public void FileWithAMissingKeyIsRefusedAndTheNetworkKeepsItsWeights()
    {
        string path = Path.Combine(folder, "missing.pt");
        using (var source = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 2, 16, 1.0, [2])))
        {
            var tensors = source.state_dict().Where(kv => kv.Key != "body.1.body.2.weight")
                .ToDictionary(kv => (object)kv.Key, kv => (object)kv.Value);
            PyTorchPickler.PickleStateDict(path, new System.Collections.Hashtable(tensors));
        }

        using var target = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 2, 16, 1.0, [2]));
        using var before = target.state_dict()["head.0.weight"].clone();
        var error = Assert.Throws<WeightsMismatchException>(() => WeightsImporter.LoadInto(target, path));

        Assert.Equal(["body.1.body.2.weight"], error.Missing);
        Assert.Empty(error.Unexpected);
        Assert.Empty(error.Misshaped);
        Assert.Contains("missing keys (1): body.1.body.2.weight", error.Message);
        Assert.True(before.eq(target.state_dict()["head.0.weight"]).all().item<bool>(), "a refused load must not copy anything");
    }

    [Fact]
    public void NotAWeightsFileIsRefused()
    {
        string path = Path.Combine(folder, "notes.txt");
        File.WriteAllText(path, "hello");
        Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(path));
        Assert.Throws<FileNotFoundException>(() => WeightsImporter.Import(Path.Combine(folder, "absent.pt")));
    }
}
