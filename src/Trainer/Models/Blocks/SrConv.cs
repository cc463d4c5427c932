using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models.Blocks;

/// <summary>EP's <c>default_conv</c>: stride 1, zero padding k//2 (same size), with bias, PyTorch default init.</summary>
public static class SrConv
{
    /// <summary>A square <paramref name="kernelSize"/> conv that keeps H and W (padding <c>kernelSize / 2</c>).</summary>
    public static Conv2d Create(long inChannels, long outChannels, long kernelSize) =>
        nn.Conv2d(inChannels, outChannels, kernelSize, stride: 1, padding: kernelSize / 2, bias: true);
}
