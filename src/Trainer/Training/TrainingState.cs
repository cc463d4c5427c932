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
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string Architecture { get; init; }
    public required int Blocks { get; init; }
    public required int Features { get; init; }
    public required double ResScale { get; init; }
    public required int[] Scales { get; init; }

    /// <summary>Iterations completed; training resumes with this 0-based iteration.</summary>
    public required int Iteration { get; init; }

    /// <summary>The patch sampler's generator state after <see cref="Iteration"/> batches.</summary>
    public required ulong[] SamplerState { get; init; }

    public required long Seed { get; init; }
    public required double TrainingSeconds { get; init; }
    public double? BestPsnr { get; init; }
    public int? BestIteration { get; init; }
    public List<ValidationPoint> Validations { get; init; } = [];

    public ModelConfig ModelConfig() =>
        new(Enum.Parse<SrArchitecture>(Architecture), Blocks, Features, ResScale, Scales);

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
