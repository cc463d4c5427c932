using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Training;

/// <summary>One validation of a run: the mean PSNR/SSIM on the validation folder at an iteration.</summary>
public sealed record ValidationPoint(int Iteration, int Scale, double Psnr, double Ssim, double TrainingSeconds);

/// <summary>
/// The non-tensor part of a checkpoint (state.json): where the run stands, what to continue with, and the
/// validation curve so far. Tensors (weights, Adam moments) are stored beside it in the checkpoint archive.
/// </summary>
public sealed record TrainingState
{
    /// <summary>The <see cref="Format"/> this version writes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Version of this layout.</summary>
    public int Format { get; init; } = CurrentFormat;
    /// <summary>The <see cref="SrArchitecture"/> name: <c>Edsr</c> or <c>Mdsr</c>.</summary>
    public required string Architecture { get; init; }
    /// <summary>B, residual blocks in the body.</summary>
    public required int Blocks { get; init; }
    /// <summary>F, feature channels.</summary>
    public required int Features { get; init; }
    /// <summary>Residual scaling of the body blocks.</summary>
    public required double ResScale { get; init; }
    /// <summary>The scale (EDSR) or the branch scales in branch order (MDSR).</summary>
    public required int[] Scales { get; init; }

    /// <summary>Iterations completed; training resumes with this 0-based iteration.</summary>
    public required int Iteration { get; init; }

    /// <summary>The patch sampler's generator state after <see cref="Iteration"/> batches.</summary>
    public required ulong[] SamplerState { get; init; }

    /// <summary>The seed the run was started with; a resume keeps its sampler state whatever seed it is given.</summary>
    public required long Seed { get; init; }
    /// <summary>Seconds spent training so far, over every resume; validation and checkpoint writing are not counted.</summary>
    public required double TrainingSeconds { get; init; }
    /// <summary>Best validation PSNR (dB) at the first scale so far; null before the first validation.</summary>
    public double? BestPsnr { get; init; }
    /// <summary>The iteration <see cref="BestPsnr"/> was measured at.</summary>
    public int? BestIteration { get; init; }
    /// <summary>What the validations score (a folder's name, or <see cref="HoldOutSet.Name"/> with its image count);
    /// null before the first validation. <see cref="BestPsnr"/> only compares scores on the same set.</summary>
    public string? ValidationSet { get; init; }
    /// <summary>Every validation so far, one per scale each time.</summary>
    public List<ValidationPoint> Validations { get; init; } = [];

    /// <summary>The network config these fields describe.</summary>
    public ModelConfig ModelConfig() =>
        new(Enum.Parse<SrArchitecture>(Architecture), Blocks, Features, ResScale, Scales);

    /// <summary>A state for <paramref name="config"/> at <paramref name="iteration"/>, with no validation yet.</summary>
    /// <param name="config">The network.</param>
    /// <param name="iteration">Iterations completed.</param>
    /// <param name="sampler">The patch sampler's state (<see cref="SamplerRandom.State"/>).</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="seconds">Training seconds so far.</param>
    public static TrainingState For(ModelConfig config, int iteration, ulong[] sampler, long seed, double seconds) => new()
    {
        Architecture = config.Architecture.ToString(),
        Blocks = config.Blocks,
        Features = config.Features,
        ResScale = config.ResScale,
        Scales = [.. config.Scales],
        Iteration = iteration,
        SamplerState = sampler,
        Seed = seed,
        TrainingSeconds = seconds,
    };
}
