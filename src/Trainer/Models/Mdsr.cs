using MlNetSr.Trainer.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models;

/// <summary>
/// MDSR in the official PyTorch layout (SR_SPEC §2): <c>sub_mean → head → pre_process.{k} (2 ResBlocks, 5×5)
/// → body (B shared ResBlocks + conv) + skip from the pre-process output → upsample.{k} → tail.0 (one conv F→3
/// shared by all scales) → add_mean</c>, where k is the scale's position in <see cref="ModelConfig.Scales"/>.
/// </summary>
/// <remarks>
/// The paper's figure and the Torch7 code (NTIRE2017 <c>multiscale.lua</c>) give each scale its own final conv
/// after its upsampler (+3,462 params for F=64); the PyTorch port, whose checkpoints this class loads, shares
/// one. That per-scale-tail variant is not implemented.
/// </remarks>
public sealed class Mdsr : SrNetwork
{
    private readonly Conv2d subMean;
    private readonly Sequential head;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> preProcess;
    private readonly Sequential body;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> upsample;
    private readonly Sequential tail;
    private readonly Conv2d addMean;

    /// <summary>Builds the network with one pre-process and one upsampler branch per scale, PyTorch's default initialisation.</summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> is not an MDSR config.</exception>
    public Mdsr(ModelConfig config) : base(nameof(Mdsr), config)
    {
        if (config.Architecture != SrArchitecture.Mdsr) throw new ArgumentException($"not an MDSR config: {config}", nameof(config));
        int f = config.Features;

        subMean = MeanShift.Create(-1);
        head = nn.Sequential(("0", SrConv.Create(3, f, 3)));
        preProcess = nn.ModuleList(config.Scales
            .Select(_ => (nn.Module<Tensor, Tensor>)nn.Sequential(("0", new ResBlock(f, 5, 1.0)), ("1", new ResBlock(f, 5, 1.0))))
            .ToArray());
        body = ResidualBody.Create(config.Blocks, f, config.ResScale);
        upsample = nn.ModuleList(config.Scales.Select(s => (nn.Module<Tensor, Tensor>)Upsampler.Create(s, f)).ToArray());
        tail = nn.Sequential(("0", SrConv.Create(f, 3, 3)));
        addMean = MeanShift.Create(+1);

        register_module("sub_mean", subMean);
        register_module("add_mean", addMean);
        register_module("head", head);
        register_module("pre_process", preProcess);
        register_module("body", body);
        register_module("upsample", upsample);
        register_module("tail", tail);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input, int scale)
    {
        int branch = BranchOf(CheckScale(scale));
        CheckInput(input);
        using var scope = NewDisposeScope();
        var h = preProcess[branch].forward(head.forward(subMean.forward(input)));
        var res = body.forward(h).add_(h);
        return addMean.forward(tail.forward(upsample[branch].forward(res))).MoveToOuterDisposeScope();
    }

    private int BranchOf(int scale)
    {
        for (int k = 0; k < Config.Scales.Count; k++)
            if (Config.Scales[k] == scale) return k;
        throw new ArgumentException($"no x{scale} branch", nameof(scale));
    }
}
