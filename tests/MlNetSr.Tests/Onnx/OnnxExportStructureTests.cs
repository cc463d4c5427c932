using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using MlNetSr.Tests.Trainer;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Onnx;

/// <summary>What an exported file holds: IR/opset, the node set, CRD shuffles, initializer names, metadata.</summary>
public class OnnxExportStructureTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-onnx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void MdsrFileHasOpset17CrdShufflesAndOfficialInitializerNames()
    {
        using var network = WeightsImporter.Import(TorchFixtures.PathOf("mdsr_baseline.pt")).Network;
        string path = Path.Combine(folder, "mdsr_x4.onnx");
        OnnxExporter.Export(network, path, 4, "mdsr_baseline.pt");
        var file = new OnnxFile(path);

        Assert.Equal(8, file.IrVersion);
        Assert.Equal([("", 17L)], file.Opsets);
        Assert.Equal(["lr"], file.Inputs);
        Assert.Equal(["sr"], file.Outputs);
        Assert.Subset(new HashSet<string> { "Conv", "Relu", "Add", "DepthToSpace" }, file.Nodes.Select(n => n.OpType).ToHashSet());
        var shuffles = file.Nodes.Where(n => n.OpType == "DepthToSpace").ToList();
        Assert.Equal(2, shuffles.Count); // x4 = two x2 stages
        Assert.All(shuffles, n => Assert.Equal("CRD", n.Strings["mode"]));
        Assert.All(shuffles, n => Assert.Equal([2L], n.Ints["blocksize"]));
        Assert.DoesNotContain(file.Nodes, n => n.OpType == "Mul"); // res_scale 1

        // Only the x4 branch's tensors travel, each under its state_dict name.
        var expected = network.state_dict().Keys
            .Where(k => !k.StartsWith("pre_process.", StringComparison.Ordinal) || k.StartsWith("pre_process.2.", StringComparison.Ordinal))
            .Where(k => !k.StartsWith("upsample.", StringComparison.Ordinal) || k.StartsWith("upsample.2.", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(expected, file.Initializers.ToHashSet());
        Assert.Contains("body.3.body.0.weight", file.Initializers);
        var conv5 = file.Nodes.Single(n => n.Name == "pre_process.2.0.body.0");
        Assert.Equal([5L, 5L], conv5.Ints["kernel_shape"]);
        Assert.Equal([2L, 2L, 2L, 2L], conv5.Ints["pads"]);
    }

    [Fact]
    public void X3UsesOneCrdShuffleOfBlockSize3()
    {
        manual_seed(3);
        using var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 4, 1.0, [3]));
        string path = Path.Combine(folder, "x3.onnx");
        OnnxExporter.Export(network, path);
        var shuffle = Assert.Single(new OnnxFile(path).Nodes, n => n.OpType == "DepthToSpace");
        Assert.Equal("CRD", shuffle.Strings["mode"]);
        Assert.Equal([3L], shuffle.Ints["blocksize"]);
    }

    [Fact]
    public void MetadataDescribesTheModelForOnnxRuntime()
    {
        using var network = WeightsImporter.Import(TorchFixtures.PathOf("mdsr_baseline.pt")).Network;
        string path = Path.Combine(folder, "mdsr_x3.onnx");
        OnnxExporter.Export(network, path, 3, "Fixtures/torch/mdsr_baseline.pt");

        using var session = new InferenceSession(path);
        var metadata = session.ModelMetadata;
        var map = metadata.CustomMetadataMap;
        Assert.Equal("MlNetSr", metadata.ProducerName);
        Assert.Contains("MDSR", metadata.Description);
        Assert.Equal("mdsr", map[OnnxMetadataKeys.Architecture]);
        Assert.Equal("16", map[OnnxMetadataKeys.Blocks]);
        Assert.Equal("64", map[OnnxMetadataKeys.Features]);
        Assert.Equal(1.0, double.Parse(map[OnnxMetadataKeys.ResScale], CultureInfo.InvariantCulture));
        Assert.Equal("3", map[OnnxMetadataKeys.Scale]);
        Assert.Equal("2,3,4", map[OnnxMetadataKeys.Scales]);
        Assert.Equal("0-255", map[OnnxMetadataKeys.PixelRange]);
        Assert.Equal("0.4488,0.4371,0.4040", map[OnnxMetadataKeys.RgbMean]);
        int margin = (int)Math.Ceiling(ReceptiveField.RadiusInLowResolutionPixels(network.Config, 3));
        Assert.Equal(margin.ToString(CultureInfo.InvariantCulture), map[OnnxMetadataKeys.ReceptiveFieldLr]);
        Assert.Equal("44", map[OnnxMetadataKeys.ReceptiveFieldLr]); // 43 + 1/3, rounded up
        Assert.Equal("Fixtures/torch/mdsr_baseline.pt", map[OnnxMetadataKeys.Source]);
        Assert.Equal("1", map[OnnxMetadataKeys.FormatVersion]);

        // Symbolic batch and spatial dims: any size runs.
        var input = session.InputMetadata["lr"];
        Assert.Equal(new[] { -1, 3, -1, -1 }, input.Dimensions);
        Assert.Equal(new[] { "batch", "", "height", "width" }, input.SymbolicDimensions);
    }

    [Fact]
    public void ResScaleMetadataKeepsTheConfiguredValue()
    {
        using var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 4, 0.1, [2]));
        string path = Path.Combine(folder, "rs.onnx");
        OnnxExporter.Export(network, path, 2);
        using var session = new InferenceSession(path);
        Assert.Equal("0.1", session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.ResScale]);
        Assert.Equal("edsr", session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Architecture]);
    }

    [Fact]
    public void ScaleMustBeOneTheCheckpointHas()
    {
        using var edsr = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 4, 1.0, [2]));
        using var mdsr = SrModelFactory.Create(new ModelConfig(SrArchitecture.Mdsr, 1, 4, 1.0, [2, 3, 4]));
        string path = Path.Combine(folder, "x.onnx");

        var wrongEdsr = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(edsr, path, 3));
        Assert.Contains("x2", wrongEdsr.Message);
        var noScale = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(mdsr, path));
        Assert.Contains("one scale per file", noScale.Message);
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(mdsr, path, 8));
        Assert.False(File.Exists(path));
    }
}
