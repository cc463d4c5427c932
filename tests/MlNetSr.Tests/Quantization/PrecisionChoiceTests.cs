using MlNetSr.Inference;
using MlNetSr.Pipelines;
using Xunit;

namespace MlNetSr.Tests.Quantization;

public class PrecisionChoiceTests
{
    [Theory]
    [InlineData(true, false, Precision.Int8)]
    [InlineData(true, true, Precision.Float32)]
    [InlineData(false, false, Precision.Float32)]
    [InlineData(false, true, Precision.Float32)]
    public void AutoPicksInt8OnlyOnACpuRunWithVnni(bool hasVnni, bool onGpu, Precision expected) =>
        Assert.Equal(expected, PrecisionChoice.Resolve(Precision.Auto, hasVnni, onGpu));

    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.Int8)]
    public void AnExplicitPrecisionIsKept(Precision precision)
    {
        Assert.Equal(precision, PrecisionChoice.Resolve(precision, hasVnni: false, onGpu: true));
        Assert.Equal(precision, PrecisionChoice.Resolve(precision, hasVnni: true, onGpu: false));
    }

    [Theory]
    [InlineData(Precision.Int8, false, false, true)]
    [InlineData(Precision.Int8, true, false, false)]
    [InlineData(Precision.Int8, false, true, false)]
    [InlineData(Precision.Float32, false, false, false)]
    public void Int8IsCaveatedOnlyOnACpuRunWithoutVnni(Precision resolved, bool hasVnni, bool onGpu, bool warned)
    {
        string? caveat = PrecisionChoice.Int8Caveat(resolved, hasVnni, onGpu);
        Assert.Equal(warned, caveat is not null);
        if (warned) Assert.Contains("VNNI", caveat);
    }

    [Fact]
    public void EveryEmbeddedScaleHasAnInt8ModelBesideTheFloat32One()
    {
        foreach (int scale in DefaultModels.Scales)
        {
            Assert.Equal($"edsr-baseline-x{scale}.int8.onnx", DefaultModels.NameFor(scale, Precision.Int8));
            Assert.Equal($"edsr-baseline-x{scale}.onnx", DefaultModels.NameFor(scale));
            Assert.NotEqual(DefaultModels.Get(scale), DefaultModels.Get(scale, Precision.Int8));
        }
        Assert.Equal([2, 3, 4], DefaultModels.Scales);
    }
}
