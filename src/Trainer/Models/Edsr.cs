using MlNetSr.Trainer.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models;

/// <summary>
/// EDSR (SR_SPEC §1.1): <c>sub_mean → head → body(B ResBlocks + conv) + global skip from the head → tail
/// (upsampler, conv F→3) → add_mean</c>. Keys: <c>head.0</c>, <c>body.{i}.body.{0,2}</c>, <c>body.{B}</c>,
/// <c>tail.0.0</c>, <c>tail.0.2</c> (x4), <c>tail.1</c>, <c>sub_mean</c>, <c>add_mean</c>.
/// </summary>
public sealed class Edsr : SrNetwork
{
    private readonly Conv2d subMean;
    private readonly Sequential head;
    private readonly Sequential body;
    private readonly Sequential tail;
    private readonly Conv2d addMean;

    /// <summary>Builds the network with PyTorch's default initialisation (MeanShift fixed).</summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> is not an EDSR config.</exception>
    public Edsr(ModelConfig config) : base(nameof(Edsr), config)
    {
        if (config.Architecture != SrArchitecture.Edsr) throw new ArgumentException($"not an EDSR config: {config}", nameof(config));
        int f = config.Features;

        subMean = MeanShift.Create(-1);
        head = nn.Sequential(("0", SrConv.Create(3, f, 3)));
        body = ResidualBody.Create(config.Blocks, f, config.ResScale);
        tail = nn.Sequential(("0", Upsampler.Create(config.Scale, f)), ("1", SrConv.Create(f, 3, 3)));
        addMean = MeanShift.Create(+1);

        // Registration order = the official state_dict order.
        register_module("sub_mean", subMean);
        register_module("add_mean", addMean);
        register_module("head", head);
        register_module("body", body);
        register_module("tail", tail);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input, int scale)
    {
        CheckScale(scale);
        CheckInput(input);
        using var scope = NewDisposeScope();
        var h = head.forward(subMean.forward(input));
        var res = body.forward(h).add_(h);
        return addMean.forward(tail.forward(res)).MoveToOuterDisposeScope();
    }
}
