using MlNetSr.Trainer.Models;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>Exact parameter counts, tensor counts and official key names/shapes (SR_SPEC §1.2, §1.3, §2).</summary>
public class ModelStructureTests
{
    [Theory]
    [InlineData(ModelPresets.EdsrBaseline, 2, 1_369_859L, 76)]
    [InlineData(ModelPresets.EdsrBaseline, 3, 1_554_499L, 76)]
    [InlineData(ModelPresets.EdsrBaseline, 4, 1_517_571L, 78)]
    [InlineData(ModelPresets.EdsrPaper, 2, 40_729_603L, 140)]
    [InlineData(ModelPresets.EdsrPaper, 3, 43_680_003L, 140)]
    [InlineData(ModelPresets.EdsrPaper, 4, 43_089_923L, 142)]
    [InlineData(ModelPresets.MdsrBaseline, 2, 3_227_203L, 106)]
    [InlineData(ModelPresets.MdsrPaper, 2, 7_953_987L, 362)]
    public void PresetHasTheOfficialParameterAndTensorCounts(string preset, int scale, long trainable, int tensors)
    {
        using var model = SrModelFactory.Create(preset, scale);

        Assert.Equal(trainable, model.CountTrainable());
        Assert.Equal(trainable + 24, model.CountAll());
        Assert.Equal(tensors, model.state_dict().Count);
        // The 24 frozen scalars are exactly the two MeanShift convs.
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).Order().ToArray();
        Assert.Equal(new[] { "add_mean.bias", "add_mean.weight", "sub_mean.bias", "sub_mean.weight" }, frozen);
    }

    [Fact]
    public void EdsrBaselineX4HasTheOfficialKeysAndShapes()
    {
        using var model = SrModelFactory.Create(ModelPresets.EdsrBaseline, 4);
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);

        Assert.Equal(new long[] { 3, 3, 1, 1 }, shapes["sub_mean.weight"]);
        Assert.Equal(new long[] { 3 }, shapes["add_mean.bias"]);
        Assert.Equal(new long[] { 64, 3, 3, 3 }, shapes["head.0.weight"]);
        Assert.Equal(new long[] { 64, 64, 3, 3 }, shapes["body.0.body.0.weight"]);
        Assert.Equal(new long[] { 64 }, shapes["body.15.body.2.bias"]);
        Assert.Equal(new long[] { 64, 64, 3, 3 }, shapes["body.16.weight"]);
        Assert.Equal(new long[] { 256, 64, 3, 3 }, shapes["tail.0.0.weight"]);
        Assert.Equal(new long[] { 256, 64, 3, 3 }, shapes["tail.0.2.weight"]);
        Assert.Equal(new long[] { 3, 64, 3, 3 }, shapes["tail.1.weight"]);
        Assert.DoesNotContain("body.0.body.1.weight", shapes.Keys);
        Assert.DoesNotContain("body.17.weight", shapes.Keys);
    }

    [Fact]
    public void EdsrBaselineX3UsesANineFoldUpsamplerConv()
    {
        using var model = SrModelFactory.Create(ModelPresets.EdsrBaseline, 3);
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal(new long[] { 576, 64, 3, 3 }, shapes["tail.0.0.weight"]);
        Assert.DoesNotContain("tail.0.2.weight", shapes.Keys);
    }

    [Fact]
    public void MdsrBaselineHasTheOfficialKeysAndShapes()
    {
        using var model = SrModelFactory.Create(ModelPresets.MdsrBaseline);
        var shapes = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);

        Assert.Equal(new long[] { 64, 64, 5, 5 }, shapes["pre_process.1.0.body.0.weight"]);
        Assert.Equal(new long[] { 64 }, shapes["pre_process.2.1.body.2.bias"]);
        Assert.Equal(new long[] { 64, 64, 3, 3 }, shapes["body.16.weight"]);
        Assert.Equal(new long[] { 256, 64, 3, 3 }, shapes["upsample.0.0.weight"]);
        Assert.Equal(new long[] { 576, 64, 3, 3 }, shapes["upsample.1.0.weight"]);
        Assert.Equal(new long[] { 256, 64, 3, 3 }, shapes["upsample.2.2.weight"]);
        Assert.Equal(new long[] { 3, 64, 3, 3 }, shapes["tail.0.weight"]);
        Assert.Equal(new long[] { 3 }, shapes["tail.0.bias"]);
        Assert.DoesNotContain("tail.1.weight", shapes.Keys);
    }

    [Fact]
    public void MeanShiftHoldsTheDiv2kMeanTimes255()
    {
        using var model = SrModelFactory.Create(ModelPresets.EdsrBaseline, 2);
        var sd = model.state_dict();
        var subBias = sd["sub_mean.bias"].data<float>().ToArray();
        var addBias = sd["add_mean.bias"].data<float>().ToArray();
        Assert.Equal(-114.444, subBias[0], 1e-3);
        Assert.Equal(-111.4605, subBias[1], 1e-3);
        Assert.Equal(-103.02, subBias[2], 1e-3);
        Assert.Equal(114.444, addBias[0], 1e-3);
        Assert.True(sd["sub_mean.weight"].reshape(3, 3).allclose(eye(3)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EdsrBaselineOutputIsScaleTimesTheInput(int scale)
    {
        using var model = SrModelFactory.Create(ModelPresets.EdsrBaseline, scale);
        model.eval();
        using var _ = no_grad();
        using var input = rand(1, 3, 7, 9) * 255;
        using var output = model.forward(input);
        Assert.Equal(new long[] { 1, 3, 7 * scale, 9 * scale }, output.shape);
    }

    [Fact]
    public void MdsrBaselineScalePicksTheBranch()
    {
        using var model = SrModelFactory.Create(ModelPresets.MdsrBaseline);
        model.eval();
        using var _ = no_grad();
        using var input = rand(1, 3, 6, 5) * 255;
        foreach (int scale in new[] { 2, 3, 4 })
        {
            using var output = model.forward(input, scale);
            Assert.Equal(new long[] { 1, 3, 6 * scale, 5 * scale }, output.shape);
        }
        Assert.Throws<ArgumentException>(() => model.forward(input, 8));
    }

    [Fact]
    public void ConfigRejectsImpossibleShapes()
    {
        Assert.Throws<ArgumentException>(() => new ModelConfig(SrArchitecture.Edsr, 16, 64, 1.0, [2, 3]));
        Assert.Throws<ArgumentException>(() => new ModelConfig(SrArchitecture.Edsr, 16, 64, 1.0, [8]));
        Assert.Throws<ArgumentException>(() => new ModelConfig(SrArchitecture.Edsr, 0, 64, 1.0, [2]));
        Assert.Throws<ArgumentException>(() => ModelPresets.Get("srgan"));
        Assert.Equal(ModelPresets.Get("edsr", 3), new ModelConfig(SrArchitecture.Edsr, 32, 256, 0.1, [3]));
    }
}
