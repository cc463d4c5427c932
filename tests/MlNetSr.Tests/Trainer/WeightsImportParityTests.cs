using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;
using Xunit.Abstractions;

namespace MlNetSr.Tests.Trainer;

/// <summary>
/// Golden parity: weights written by PyTorch 1.13 (make_fixtures.py) loaded by our importer, our forward vs
/// PyTorch's, max |diff| ≤ 1e-3 on the [0,255] scale; plus the inferred architecture.
/// </summary>
public class WeightsImportParityTests(ITestOutputHelper log)
{
    private const double Tolerance = 1e-3;

    [Theory]
    [InlineData("edsr_baseline_x2")]
    [InlineData("edsr_baseline_x3")]
    [InlineData("edsr_baseline_x4")]
    [InlineData("mdsr_baseline")]
    public void OfficialLayoutZipFileMatchesPyTorch(string name)
    {
        var fixture = TorchFixtures.Get(name);
        var imported = WeightsImporter.Import(TorchFixtures.PathOf(fixture.File));
        using var network = imported.Network;

        AssertConfig(fixture, imported.Config);
        Assert.Equal(WeightsFileFormat.PyTorchZip, imported.Format);
        Assert.True(imported.MeanShiftFromFile);
        Assert.Empty(imported.Warnings);
        Assert.Equal(fixture.TensorCount, network.state_dict().Count);
        double diff = ForwardParity.MaxAbsDiff(network, fixture);
        log.WriteLine($"{name}: max |ours - PyTorch| = {diff:g4}");
        Assert.InRange(diff, 0, Tolerance);
    }

    [Fact]
    public void BasicSrFilePrefersTheEmaWeightsAndRenamesKeys()
    {
        var fixture = TorchFixtures.Get("edsr_b2f16_x4_basicsr");
        var imported = WeightsImporter.Import(TorchFixtures.PathOf(fixture.File));
        using var network = imported.Network;

        Assert.Equal("params_ema", imported.Wrapper);
        Assert.True(imported.RenamedFromBasicSr);
        Assert.False(imported.MeanShiftFromFile); // BasicSR keeps the mean as a constant
        AssertConfig(fixture, imported.Config);
        double diff = ForwardParity.MaxAbsDiff(network, fixture);
        log.WriteLine($"basicsr params_ema: {diff:g4}");
        Assert.InRange(diff, 0, Tolerance);
    }

    [Fact]
    public void BasicSrPlainParamsCanBeChosen()
    {
        var fixture = TorchFixtures.Get("edsr_b2f16_x4_basicsr_params");
        var imported = WeightsImporter.Import(TorchFixtures.PathOf(fixture.File), new WeightsImportOptions { Wrapper = "params" });
        using var network = imported.Network;

        Assert.Equal("params", imported.Wrapper);
        double diff = ForwardParity.MaxAbsDiff(network, fixture);
        log.WriteLine($"basicsr params: {diff:g4}");
        Assert.InRange(diff, 0, Tolerance);
        // The EMA expectation must not also match, or the wrapper choice would be untested.
        Assert.True(ForwardParity.MaxAbsDiff(network, TorchFixtures.Get("edsr_b2f16_x4_basicsr")) > 1e-2);
    }

    [Fact]
    public void SafetensorsWithOverriddenResScaleMatchesPyTorch()
    {
        var fixture = TorchFixtures.Get("edsr_b2f16_x3_rs01");
        string path = TorchFixtures.PathOf(fixture.File);
        Assert.Equal(1.0, WeightsImporter.InferConfig(path).ResScale); // F=16: the file cannot say 0.1

        var imported = WeightsImporter.Import(path, new WeightsImportOptions { ResScale = 0.1 });
        using var network = imported.Network;
        Assert.Equal(WeightsFileFormat.Safetensors, imported.Format);
        AssertConfig(fixture, imported.Config);
        double diff = ForwardParity.MaxAbsDiff(network, fixture);
        log.WriteLine($"safetensors res_scale 0.1: {diff:g4}");
        Assert.InRange(diff, 0, Tolerance);
    }

    [Fact]
    public void LegacyTorchSaveFormatMatchesPyTorch()
    {
        // PyBridge 1.4.4 cannot read this format; LegacyTorchReader does.
        var fixture = TorchFixtures.Get("edsr_b2f16_x2_legacy");
        string path = TorchFixtures.PathOf(fixture.File);
        Assert.Equal(WeightsFileFormat.PyTorchLegacy, WeightsFileFormatDetector.Detect(path));

        var imported = WeightsImporter.Import(path);
        using var network = imported.Network;
        Assert.Equal(WeightsFileFormat.PyTorchLegacy, imported.Format);
        AssertConfig(fixture, imported.Config);
        Assert.Equal(fixture.TensorCount, network.state_dict().Count);
        double diff = ForwardParity.MaxAbsDiff(network, fixture);
        log.WriteLine($"legacy: {diff:g4}");
        Assert.InRange(diff, 0, Tolerance);
    }

    private static void AssertConfig(TorchFixtures.Case fixture, ModelConfig config)
    {
        Assert.Equal(fixture.Architecture == "mdsr" ? SrArchitecture.Mdsr : SrArchitecture.Edsr, config.Architecture);
        Assert.Equal(fixture.Blocks, config.Blocks);
        Assert.Equal(fixture.Features, config.Features);
        Assert.Equal(fixture.ResScale, config.ResScale);
        Assert.Equal(fixture.Scales, config.Scales);
    }
}
