using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Trainer;

/// <summary>
/// The trainer feeds channels_last batches for speed; this must change nothing but the memory layout: same values,
/// same network output and gradients as NCHW, and the layout must survive the whole network (else no speed-up).
/// </summary>
public class ChannelsLastTests
{
    [Fact]
    public void Keeps_shape_and_values_and_puts_channels_innermost()
    {
        using var nchw = rand(2, 3, 5, 7);
        using var laidOut = ChannelsLast.Of(nchw);
        Assert.Equal(nchw.shape, laidOut.shape);
        Assert.True(ChannelsLast.Is(laidOut));
        Assert.False(ChannelsLast.Is(nchw));
        Assert.True(nchw.eq(laidOut).all().item<bool>());
    }

    [Theory]
    [InlineData(SrArchitecture.Edsr, 3)]
    [InlineData(SrArchitecture.Edsr, 4)]
    [InlineData(SrArchitecture.Mdsr, 2)]
    public void Network_output_and_gradients_match_nchw_and_stay_channels_last(SrArchitecture architecture, int scale)
    {
        manual_seed(11);
        int[] scales = architecture == SrArchitecture.Edsr ? [scale] : [2, 3, 4];
        using var model = SrModelFactory.Create(new ModelConfig(architecture, 2, 16, 1.0, scales));
        model.train();
        using var input = rand(2, 3, 9, 9) * 255;
        using var target = rand(2, 3, 9 * scale, 9 * scale) * 255;

        var (outputNchw, gradientsNchw) = ForwardBackward(model, input, target, scale);
        var (outputLast, gradientsLast) = ForwardBackward(model, ChannelsLast.Of(input), ChannelsLast.Of(target), scale);

        Assert.True(ChannelsLast.Is(outputLast), "channels_last was lost inside the network");
        Assert.True(outputNchw.allclose(outputLast, rtol: 1e-4, atol: 1e-3), "outputs differ");
        foreach (var name in gradientsNchw.Keys)
            Assert.True(gradientsNchw[name].allclose(gradientsLast[name], rtol: 1e-3, atol: 1e-4), $"{name}: gradients differ");
    }

    [Fact]
    public void Refuses_a_tensor_that_is_not_four_dimensional()
    {
        using var flat = rand(3, 4, 4);
        var error = Assert.Throws<ArgumentException>(() => ChannelsLast.Of(flat));
        Assert.Contains("[3,4,4]", error.Message);
    }

    private static (Tensor Output, Dictionary<string, Tensor> Gradients) ForwardBackward(SrNetwork model, Tensor input, Tensor target, int scale)
    {
        model.zero_grad(set_to_none: true);
        var output = model.forward(input, scale);
        nn.functional.l1_loss(output, target).backward();
        var gradients = model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.contiguous().clone());
        return (output.detach(), gradients);
    }
}
