using TorchSharp;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models.Blocks;

/// <summary>
/// <c>y = x + res_scale · conv₂(ReLU(conv₁(x)))</c>, no BatchNorm. The convs live in a Sequential named
/// <c>body</c> so the keys are <c>body.0.*</c> and <c>body.2.*</c> (index 1 is the parameterless ReLU), as in EP.
/// </summary>
public sealed class ResBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Sequential body;
    private readonly double resScale;

    /// <summary>A block of two <paramref name="kernelSize"/>² convs with <paramref name="features"/> channels in and out.</summary>
    /// <param name="features">F, channels of the input, the output and the hidden layer.</param>
    /// <param name="kernelSize">Side of both conv kernels: 3 in the body, 5 in MDSR's pre-process blocks.</param>
    /// <param name="resScale">Factor on the residual branch before the skip is added (1 skips the multiply).</param>
    public ResBlock(long features, long kernelSize, double resScale) : base(nameof(ResBlock))
    {
        body = nn.Sequential(
            ("0", SrConv.Create(features, features, kernelSize)),
            ("1", nn.ReLU(inplace: true)),
            ("2", SrConv.Create(features, features, kernelSize)));
        this.resScale = resScale;
        register_module("body", body);
    }

    /// <summary>The factor the residual branch is multiplied by before the skip is added.</summary>
    public double ResScale => resScale;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // In place on the conv output is safe for autograd: conv backward does not need its own output.
        var residual = body.forward(input);
        if (resScale != 1.0) residual.mul_(resScale);
        return residual.add_(input);
    }
}
