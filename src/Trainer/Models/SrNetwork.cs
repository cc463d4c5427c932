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

    /// <summary>Stores the config; <see cref="ActiveScale"/> starts at the config's first scale.</summary>
    /// <param name="name">The TorchSharp module name.</param>
    /// <param name="config">The shape the subclass builds.</param>
    protected SrNetwork(string name, ModelConfig config) : base(name)
    {
        Config = config;
        activeScale = config.Scale;
    }

    /// <summary>The shape this network was built with.</summary>
    public ModelConfig Config { get; }

    /// <summary>The scale <see cref="forward(Tensor)"/> uses (EP's <c>set_scale</c>); one of <see cref="ModelConfig.Scales"/>.</summary>
    public int ActiveScale
    {
        get => activeScale;
        set => activeScale = CheckScale(value);
    }

    /// <summary>Runs the network at <paramref name="scale"/>; for MDSR the scale picks the branch.</summary>
    public abstract Tensor forward(Tensor input, int scale);

    /// <summary>Runs the network at <see cref="ActiveScale"/>.</summary>
    public override Tensor forward(Tensor input) => forward(input, activeScale);

    /// <summary>Returns <paramref name="scale"/> when it is one of the config's scales, else throws <see cref="ArgumentException"/>.</summary>
    protected int CheckScale(int scale) => Config.Scales.Contains(scale)
        ? scale
        : throw new ArgumentException($"this {Config} has no x{scale} branch", nameof(scale));

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="input"/> is a 4-d tensor with 3 channels.</summary>
    protected static void CheckInput(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != 3)
            throw new ArgumentException($"expected an NCHW RGB tensor [N,3,H,W], got [{string.Join(",", input.shape)}]", nameof(input));
    }
}
