using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models.Blocks;

/// <summary>The shared trunk of EDSR and MDSR: B ResBlocks (3x3) then one 3x3 conv, keys <c>0..B-1</c> and <c>B</c>.</summary>
public static class ResidualBody
{
    /// <summary>
    /// <paramref name="blocks"/> 3×3 <see cref="ResBlock"/>s with <paramref name="resScale"/>, then one 3×3 conv, all
    /// <paramref name="features"/> channels wide. The global skip around it is added by the network, not here.
    /// </summary>
    public static Sequential Create(int blocks, int features, double resScale)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < blocks; i++) layers.Add(($"{i}", new ResBlock(features, 3, resScale)));
        layers.Add(($"{blocks}", SrConv.Create(features, features, 3)));
        return nn.Sequential(layers.ToArray());
    }
}
