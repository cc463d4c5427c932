using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Onnx;

/// <summary>
/// Receptive-field radius of an EDSR/MDSR network, in LR (input) pixels: how far from an output pixel's LR
/// position an input pixel can still change it. Tiled inference with at least ⌈radius⌉ LR pixels of context
/// per side equals whole-image inference up to float summation order (SR_SPEC §5.2).
/// </summary>
public static class ReceptiveField
{
    /// <summary>
    /// Sum over the longest path's convolutions of (k − 1)/2 divided by the upsampling factor r already applied
    /// where the conv runs: a 3×3 at LR adds 1, a 5×5 adds 2, a 3×3 after a ×2 PixelShuffle adds 1/2, after ×4
    /// adds 1/4, after ×3 adds 1/3. Skip connections and ReLU/Add/Mul add nothing; MeanShift is 1×1 (0).
    /// Layer list (SR_SPEC §1.1, §2): head 3×3; MDSR only: pre-process 2 ResBlocks × 2 convs 5×5 (+8); body
    /// B ResBlocks × 2 convs 3×3 (+2B) and its closing 3×3 (+1); upsampler ×2: 3×3 at LR (+1) | ×3: 3×3 at LR
    /// (+1) | ×4: 3×3 at LR (+1) then 3×3 at ×2 (+1/2); tail 3×3 at the output scale (+1/s).
    /// EDSR-baseline: 35.5 / 35.333 / 35.75 (×2/×3/×4); EDSR 32×256: 67.5 / 67.333 / 67.75;
    /// MDSR-baseline: 43.5 / 43.333 / 43.75; MDSR 80: 171.5 / 171.333 / 171.75.
    /// </summary>
    /// <remarks>
    /// Why ⌈radius⌉ is the exact integer margin: an output pixel at HR row p (LR row ⌊p/s⌋) reads HR rows p±1 of
    /// the tail's input, i.e. LR rows ⌊(p±1)/s⌋, which reach one LR row past ⌊p/s⌋ on one side (p = s·q + s − 1
    /// or p = s·q); the fractional terms together never exceed one extra LR pixel, which ⌈⌉ accounts for.
    /// </remarks>
    public static double RadiusInLowResolutionPixels(ModelConfig config, int scale)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Scales.Contains(scale))
            throw new ArgumentException($"{config} has no x{scale} branch", nameof(scale));
        return Convolutions(config, scale).Sum(c => (c.Kernel - 1) / 2.0 / c.Resolution);
    }

    /// <summary><see cref="RadiusInLowResolutionPixels"/> rounded up: the per-side tile margin that makes tiling exact.</summary>
    public static int MarginInLowResolutionPixels(ModelConfig config, int scale) =>
        (int)Math.Ceiling(RadiusInLowResolutionPixels(config, scale) - 1e-9);

    /// <summary>The convolutions on the longest input→output path: kernel size and the upsampling factor they run at.</summary>
    internal static IEnumerable<(int Kernel, int Resolution)> Convolutions(ModelConfig config, int scale)
    {
        yield return (1, 1);                                                  // sub_mean
        yield return (3, 1);                                                  // head
        if (config.Architecture == SrArchitecture.Mdsr)
            for (int i = 0; i < 4; i++) yield return (5, 1);                  // pre_process: 2 ResBlocks, 5×5
        for (int i = 0; i < 2 * config.Blocks + 1; i++) yield return (3, 1);  // body ResBlocks + closing conv
        int resolution = 1;
        foreach (int stage in UpsamplerStages(scale))
        {
            yield return (3, resolution);                                     // conv F → stage²·F before the shuffle
            resolution *= stage;
        }
        yield return (3, resolution);                                         // tail conv F → 3
        yield return (1, resolution);                                         // add_mean
    }

    /// <summary>PixelShuffle factors of the upsampler: ×2 → [2], ×3 → [3], ×4 → [2, 2].</summary>
    internal static IReadOnlyList<int> UpsamplerStages(int scale) => scale switch
    {
        2 => [2],
        3 => [3],
        4 => [2, 2],
        _ => throw new ArgumentException($"scale {scale} is not supported: use 2, 3 or 4", nameof(scale)),
    };
}
