using static TorchSharp.torch;

namespace MlNetSr.Trainer.Models;

/// <summary>
/// Base of the EDSR/MDSR TorchSharp modules. Input and output are NCHW float32 RGB in [0,255] (the official
/// weights' range); the output is <c>scale</c> times larger in H and W. Submodule names reproduce the official
/// EDSR-PyTorch <c>state_dict</c> keys one-to-one, so <c>state_dict()</c> can be saved or loaded as is.
/// </summary>
public abstract class SrNetwork : nn.Module<Tensor, Tensor>
{
    private int activeScale;

    protected SrNetwork(string name, ModelConfig config) : base(name)
    {
        Config = config;
        activeScale = config.Scale;
    }

    public ModelConfig Config { get; }

    /// <summary>The scale <see cref="forward(Tensor)"/> uses (EP's <c>set_scale</c>); one of <see cref="ModelConfig.Scales"/>.</summary>
    public int ActiveScale
    {
        get => activeScale;
        set => activeScale = CheckScale(value);
    }

    /// <summary>Runs the network at <paramref name="scale"/>; for MDSR the scale picks the branch.</summary>
    public abstract Tensor forward(Tensor input, int scale);

    public override Tensor forward(Tensor input) => forward(input, activeScale);

    protected int CheckScale(int scale) => Config.Scales.Contains(scale)
        ? scale
        : throw new ArgumentException($"this {Config} has no x{scale} branch", nameof(scale));

    protected static void CheckInput(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 3)
            throw new ArgumentException($"expected an NCHW RGB tensor [N,3,H,W], got [{string.Join(",", input.shape)}]", nameof(input));
    }
}
