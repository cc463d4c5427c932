using Microsoft.ML.OnnxRuntime;
using MlNetSr.Tests.Trainer;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Weights;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Onnx;

/// <summary>
/// The exported graph computes what the TorchSharp network computes: ONNX Runtime (CPU) vs TorchSharp forward on
/// the same weights, max |diff| ≤ 1e-3 on the [0,255] scale, on odd (13×17) and even (16×16) inputs and a
/// batch of 2; on the fixture inputs also vs PyTorch 1.13's own output.
/// </summary>
public class OnnxExportParityTests(ITestOutputHelper log) : IDisposable
{
    private const double Tolerance = 1e-3;
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-onnx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("edsr_baseline_x2", 2)]
    [InlineData("edsr_baseline_x3", 3)]
    [InlineData("edsr_baseline_x4", 4)]
    [InlineData("mdsr_baseline", 2)]
    [InlineData("mdsr_baseline", 3)]
    [InlineData("mdsr_baseline", 4)]
    public void OfficialWeightsMatchTorchSharpAndPyTorch(string name, int scale)
    {
        var fixture = TorchFixtures.Get(name);
        using var network = WeightsImporter.Import(TorchFixtures.PathOf(fixture.File)).Network;
        string path = Export(network, $"{name}_x{scale}.onnx", scale);
        using var session = new InferenceSession(path);

        foreach (var o in fixture.Outputs.Where(o => o.Scale == scale))
        {
            using var scope = NewDisposeScope();
            var input = TorchFixtures.ReadTensor(o.Input, o.InputShape);
            var onnx = OrtForward.Run(session, input);
            double vsTorchSharp = OrtForward.MaxAbsDiff(onnx, Forward(network, input, scale));
            double vsPyTorch = OrtForward.MaxAbsDiff(onnx, TorchFixtures.ReadTensor(o.File, o.OutputShape));
            log.WriteLine($"{name} x{scale} {o.Input}: |ORT - TorchSharp| = {vsTorchSharp:g3}, |ORT - PyTorch| = {vsPyTorch:g3}");
            Assert.InRange(vsTorchSharp, 0, Tolerance);
            Assert.InRange(vsPyTorch, 0, Tolerance);
        }
        AssertBatchOfTwoMatches(network, session, scale, $"{name} x{scale}");
    }

    [Fact]
    public void ResidualScalingIsExported()
    {
        manual_seed(17);
        using var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 2, 8, 0.1, [3]));
        string path = Export(network, "tiny_rs01.onnx", null);
        Assert.Equal(2, new OnnxFile(path).Nodes.Count(n => n.OpType == "Mul"));
        using var session = new InferenceSession(path);
        foreach (long[] shape in new[] { new long[] { 1, 3, 13, 17 }, [1, 3, 16, 16] })
        {
            using var scope = NewDisposeScope();
            var input = rand(shape) * 255;
            double diff = OrtForward.MaxAbsDiff(OrtForward.Run(session, input), Forward(network, input, 3));
            log.WriteLine($"tiny EDSR B=2 F=8 res_scale 0.1 x3 [{string.Join(",", shape)}]: |ORT - TorchSharp| = {diff:g3}");
            Assert.InRange(diff, 0, Tolerance);
        }
        AssertBatchOfTwoMatches(network, session, 3, "tiny res_scale 0.1 x3");
    }

    /// <summary>The parity above can tell the shuffle order apart: the same graph with DCR is far off.</summary>
    [Fact]
    public void DepthToSpaceInDcrModeWouldNotMatch()
    {
        manual_seed(23);
        using var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 8, 1.0, [3]));
        var model = OnnxExporter.BuildModel(network, 3, "dcr control");
        var nodes = model.Graph.Nodes.Select(n => n.OpType != "DepthToSpace" ? n
            : n with { Attributes = [.. n.Attributes.Where(a => a.Name != "mode"), OnnxAttribute.Of("mode", "DCR")] }).ToList();
        var dcr = model with { Graph = model.Graph with { Nodes = nodes } };

        using var crdSession = new InferenceSession(OnnxModelWriter.ToBytes(model));
        using var dcrSession = new InferenceSession(OnnxModelWriter.ToBytes(dcr));
        using var scope = NewDisposeScope();
        var input = rand(1, 3, 10, 12) * 255;
        var expected = Forward(network, input, 3);
        double crd = OrtForward.MaxAbsDiff(OrtForward.Run(crdSession, input), expected);
        double wrong = OrtForward.MaxAbsDiff(OrtForward.Run(dcrSession, input), expected);
        log.WriteLine($"x3: CRD {crd:g3}, DCR {wrong:g3}");
        Assert.InRange(crd, 0, Tolerance);
        Assert.True(wrong > 1, $"DCR differs by only {wrong}");
    }

    private void AssertBatchOfTwoMatches(SrNetwork network, InferenceSession session, int scale, string label)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var batch = rand(2, 3, 11, 14) * 255;
        var onnx = OrtForward.Run(session, batch);
        Assert.Equal(new long[] { 2, 3, 11 * scale, 14 * scale }, onnx.shape);
        double diff = OrtForward.MaxAbsDiff(onnx, Forward(network, batch, scale));
        log.WriteLine($"{label} batch [2,3,11,14]: |ORT - TorchSharp| = {diff:g3}");
        Assert.InRange(diff, 0, Tolerance);
    }

    private string Export(SrNetwork network, string file, int? scale)
    {
        string path = Path.Combine(folder, file);
        OnnxExporter.Export(network, path, scale, source: file);
        log.WriteLine($"{file}: {new FileInfo(path).Length / 1e6:0.00} MB");
        return path;
    }

    private static Tensor Forward(SrNetwork network, Tensor input, int scale)
    {
        network.eval();
        using var _ = no_grad();
        return network.forward(input, scale);
    }
}
