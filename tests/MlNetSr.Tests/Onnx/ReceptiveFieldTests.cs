using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Onnx;

/// <summary>
/// The receptive-field radius: the derived values (see <see cref="ReceptiveField"/>), agreement with the SR_SPEC
/// §5.2 approximations, and agreement with the convolutions actually present in an exported graph.
/// </summary>
public class ReceptiveFieldTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-rf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // 2B + 3 at LR (head, 2 convs per block, body conv, first upsampler conv), + 8 for MDSR's 5x5 pre-process,
    // + 1/2 (x2 tail), 1/3 (x3 tail), 1/2 + 1/4 (x4: second upsampler conv at x2, tail at x4).
    [Theory]
    [InlineData(ModelPresets.EdsrBaseline, 2, 35.5)]
    [InlineData(ModelPresets.EdsrBaseline, 3, 35 + 1 / 3.0)]
    [InlineData(ModelPresets.EdsrBaseline, 4, 35.75)]
    [InlineData(ModelPresets.EdsrPaper, 2, 67.5)]
    [InlineData(ModelPresets.EdsrPaper, 3, 67 + 1 / 3.0)]
    [InlineData(ModelPresets.EdsrPaper, 4, 67.75)]
    [InlineData(ModelPresets.MdsrBaseline, 2, 43.5)]
    [InlineData(ModelPresets.MdsrBaseline, 3, 43 + 1 / 3.0)]
    [InlineData(ModelPresets.MdsrBaseline, 4, 43.75)]
    [InlineData(ModelPresets.MdsrPaper, 2, 171.5)]
    [InlineData(ModelPresets.MdsrPaper, 3, 171 + 1 / 3.0)]
    [InlineData(ModelPresets.MdsrPaper, 4, 171.75)]
    public void PresetRadiusIsTheDerivedValue(string preset, int scale, double expected)
    {
        var config = ModelPresets.Get(preset, scale);
        Assert.Equal(expected, ReceptiveField.RadiusInLowResolutionPixels(config, scale), 9);
        Assert.Equal((int)Math.Ceiling(expected), ReceptiveField.MarginInLowResolutionPixels(config, scale));
    }

    [Theory]
    [InlineData(ModelPresets.EdsrBaseline, 35.5)]
    [InlineData(ModelPresets.EdsrPaper, 67.5)]
    [InlineData(ModelPresets.MdsrBaseline, 43.5)]
    [InlineData(ModelPresets.MdsrPaper, 171.5)]
    public void SpecApproximationsHoldWithinOnePixelAtEveryScale(string preset, double specApproximation)
    {
        foreach (int scale in ModelConfig.SupportedScales)
            Assert.InRange(ReceptiveField.RadiusInLowResolutionPixels(ModelPresets.Get(preset, scale), scale),
                specApproximation - 1, specApproximation + 1);
    }

    [Theory]
    [InlineData(SrArchitecture.Edsr, 2)]
    [InlineData(SrArchitecture.Edsr, 3)]
    [InlineData(SrArchitecture.Edsr, 4)]
    [InlineData(SrArchitecture.Mdsr, 2)]
    [InlineData(SrArchitecture.Mdsr, 3)]
    [InlineData(SrArchitecture.Mdsr, 4)]
    public void RadiusEqualsTheSumOverTheExportedConvolutions(SrArchitecture architecture, int scale)
    {
        var config = new ModelConfig(architecture, 3, 4, 1.0, architecture == SrArchitecture.Edsr ? [scale] : [2, 3, 4]);
        manual_seed(1);
        using var network = SrModelFactory.Create(config);
        string path = Path.Combine(folder, $"{architecture}_x{scale}.onnx");
        OnnxExporter.Export(network, path, scale);

        // Walk the graph in order: each Conv adds (k-1)/2 at the resolution reached so far; DepthToSpace multiplies it.
        double radius = 0;
        int resolution = 1;
        foreach (var node in new OnnxFile(path).Nodes)
        {
            if (node.OpType == "Conv") radius += (node.Ints["kernel_shape"][0] - 1) / 2.0 / resolution;
            if (node.OpType == "DepthToSpace") resolution *= (int)node.Ints["blocksize"][0];
        }
        Assert.Equal(scale, resolution);
        Assert.Equal(radius, ReceptiveField.RadiusInLowResolutionPixels(config, scale), 9);
    }

    /// <summary>
    /// Empirical check of the margin: change one LR pixel and find the farthest output pixel that moves, measured
    /// in LR pixels (⌊p/s⌋). It must be exactly ⌈radius⌉: never farther (tiles with that margin are exact), and
    /// reached (the ceiling is not looser than needed).
    /// </summary>
    [Theory]
    [InlineData(SrArchitecture.Edsr, 2)]
    [InlineData(SrArchitecture.Edsr, 3)]
    [InlineData(SrArchitecture.Edsr, 4)]
    [InlineData(SrArchitecture.Mdsr, 2)]
    [InlineData(SrArchitecture.Mdsr, 3)]
    [InlineData(SrArchitecture.Mdsr, 4)]
    public void OnePixelChangeReachesExactlyTheMargin(SrArchitecture architecture, int scale)
    {
        var config = new ModelConfig(architecture, 1, 8, 1.0, architecture == SrArchitecture.Edsr ? [scale] : [2, 3, 4]);
        manual_seed(2);
        using var network = SrModelFactory.Create(config);
        network.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        int margin = ReceptiveField.MarginInLowResolutionPixels(config, scale);
        int size = 2 * margin + 3, centre = margin + 1;
        var input = rand(1, 3, size, size) * 255;
        var bump = new float[3 * size * size];
        for (int c = 0; c < 3; c++) bump[(c * size + centre) * size + centre] = 100;
        var changed = input + tensor(bump).reshape(1, 3, size, size);

        var moved = (network.forward(changed, scale) - network.forward(input, scale)).abs().amax([0L, 1L]); // [sH, sW]
        var positions = moved.gt(0).nonzero();                                                              // [n, 2]
        long reach = (positions.div(scale, rounding_mode: RoundingMode.floor) - centre).abs().max().item<long>();
        Assert.Equal(margin, reach);
    }

    [Fact]
    public void UnknownScaleIsRefused() =>
        Assert.Throws<ArgumentException>(() => ReceptiveField.RadiusInLowResolutionPixels(ModelPresets.Get(ModelPresets.EdsrBaseline, 2), 3));
}
