using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Training;

/// <summary>
/// Everything a training run needs. Every default is the paper's / EDSR-PyTorch's (SR_SPEC §3.1): 48x48 LR patches,
/// 8-way augmentation, batch 16, L1, Adam (0.9, 0.999, 1e-8), lr 1e-4 halved every 200,000 iterations,
/// 300,000 iterations, seed 1, validation every 1,000 iterations.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The network to train (see <see cref="ModelPresets"/>).</summary>
    public required ModelConfig Model { get; init; }

    /// <summary>Folder of HR training images (PNG, BMP, JPEG).</summary>
    public required string HighResolutionFolder { get; init; }

    /// <summary>Optional folder of matching LR images; null makes LR with the MATLAB bicubic.</summary>
    public string? LowResolutionFolder { get; init; }

    /// <summary>Run folder: checkpoints, logs, LR cache.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Iterations (minibatch updates) the run ends at; 300,000 as in EDSR-PyTorch.</summary>
    public int Iterations { get; init; } = 300_000;
    /// <summary>Patches per minibatch; the paper's 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>LR patch side (HR patch = this x scale).</summary>
    public int LowResolutionPatch { get; init; } = 48;

    /// <summary>Random horizontal flip, vertical flip and transpose of each patch (the paper's 8-way augmentation).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// Shrink factors in (0, 1) for extra HR copies of every training image (scale augmentation, as VDSR trained on
    /// the 291 images; e.g. 0.9, 0.8, 0.7, 0.6); empty for none, as in the paper. Needs bicubic LR
    /// (<see cref="LowResolutionFolder"/> null). See <see cref="DownscaledCopies"/>.
    /// </summary>
    public IReadOnlyList<double> DownscaleCopies { get; init; } = [];

    /// <summary>Initial Adam learning rate, before any decay; the paper's 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;
    /// <summary>
    /// Adam's β1 (0.9). Recorded in <c>options.json</c> only: <see cref="SrTrainer"/> builds Adam with the fixed
    /// paper values 0.9, 0.999 and 1e-8, so changing it has no effect.
    /// </summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Adam's β2 (0.999). Recorded only, like <see cref="Beta1"/>: the trainer uses 0.999 regardless.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Adam's ε (1e-8). Recorded only, like <see cref="Beta1"/>: the trainer uses 1e-8 regardless.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The learning rate is multiplied by <see cref="DecayFactor"/> every this many iterations.</summary>
    public int DecayEvery { get; init; } = 200_000;
    /// <summary>Factor applied to the learning rate at each decay; 0.5 halves it, as in the paper.</summary>
    public double DecayFactor { get; init; } = 0.5;

    /// <summary>
    /// Iterations at which the learning rate is multiplied by <see cref="DecayFactor"/> (a multi-step schedule).
    /// When given they replace <see cref="DecayEvery"/>: a short run can anneal where it ends instead of every
    /// 200,000 iterations.
    /// </summary>
    public IReadOnlyList<int> DecayAt { get; init; } = [];

    /// <summary>Step decay (the paper's, default) or a cosine warm restart (<see cref="LearningRateSchedule"/>).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Step;

    /// <summary>With <see cref="LearningRateSchedule.Cosine"/>: the iteration at which the rate restarts at
    /// <see cref="LearningRate"/> (typically the iteration a run is resumed at); before it the rate is <see cref="LearningRate"/>.</summary>
    public int CosineFrom { get; init; }

    /// <summary>With <see cref="LearningRateSchedule.Cosine"/>: the rate reached at <see cref="Iterations"/>.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Seeds the initial weights (a generator of the run's own: other work in the process cannot change them) and the patch sampler.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Folder of HR images scored during training (e.g. Set5); null for no validation. Prefer <see cref="HoldOut"/>:
    /// a benchmark set that chooses checkpoints is no longer a fair result.</summary>
    public string? ValidationFolder { get; init; }

    /// <summary>
    /// Training images (paths relative to <see cref="HighResolutionFolder"/>) kept out of the patch sampler and scored
    /// at each validation instead of a <see cref="ValidationFolder"/> (<see cref="HoldOutSet"/>); empty for none.
    /// </summary>
    public IReadOnlyList<string> HoldOut { get; init; } = [];

    /// <summary>Whether the run validates: on <see cref="HoldOut"/> or on a <see cref="ValidationFolder"/>.</summary>
    public bool Validates => HoldOut.Count > 0 || ValidationFolder is not null;

    /// <summary>Iterations between validations (and one at the end); used only when the run <see cref="Validates"/>.</summary>
    public int ValidateEvery { get; init; } = 1_000;

    /// <summary>The latest checkpoint is written this often (and at the end).</summary>
    public int CheckpointEvery { get; init; } = 1_000;

    /// <summary>A progress line is reported this often.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Checkpoint (ours or a PyTorch state_dict) whose tensors initialise the model, with the official x2 → x3/x4 copy rules.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>Continue from <c>OutputFolder/latest.ckpt</c>.</summary>
    public bool Resume { get; init; }

    /// <summary>Intra-op threads for libtorch; null keeps libtorch's default.</summary>
    public int? Threads { get; init; }

    /// <summary>Float32 (the paper's) or bfloat16 mixed precision (master weights and Adam stay float32).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

    /// <summary>Checks the numbers and that the folders and files named exist.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count, interval, rate, <see cref="DecayAt"/> or <see cref="DownscaleCopies"/> list is out of range.</exception>
    /// <exception cref="ArgumentException">Two schedules or two validation sets are given, or downscaled copies with paired LR images.</exception>
    /// <exception cref="DirectoryNotFoundException">A named folder does not exist.</exception>
    /// <exception cref="FileNotFoundException"><see cref="InitialWeights"/> or a <see cref="HoldOut"/> image does not exist.</exception>
    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), $"--iterations {Iterations} must be at least 1");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"--batch {BatchSize} must be at least 1");
        if (LowResolutionPatch < 8) throw new ArgumentOutOfRangeException(nameof(LowResolutionPatch), $"--patch {LowResolutionPatch} must be at least 8");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"learning rate {LearningRate} must be positive");
        if (DecayEvery < 1) throw new ArgumentOutOfRangeException(nameof(DecayEvery), $"decay interval {DecayEvery} must be at least 1");
        for (int i = 0; i < DecayAt.Count; i++)
            if (DecayAt[i] < 1 || (i > 0 && DecayAt[i] <= DecayAt[i - 1]))
                throw new ArgumentOutOfRangeException(nameof(DecayAt), $"--decay-at {string.Join(",", DecayAt)}: iterations must be positive and increasing");
        if (Schedule == LearningRateSchedule.Cosine)
        {
            if (DecayAt.Count > 0) throw new ArgumentException("--decay-at and --schedule cosine are two schedules: give one", nameof(DecayAt));
            if (CosineFrom < 0 || CosineFrom >= Iterations)
                throw new ArgumentOutOfRangeException(nameof(CosineFrom), $"--cosine-from {CosineFrom} must be at least 0 and below --iterations {Iterations}");
            if (!(MinLearningRate >= 0 && MinLearningRate < LearningRate))
                throw new ArgumentOutOfRangeException(nameof(MinLearningRate), $"--min-lr {MinLearningRate} must be at least 0 and below --lr {LearningRate}");
        }
        DownscaledCopies.Check(DownscaleCopies, LowResolutionFolder);
        if (HoldOut.Count > 0 && ValidationFolder is not null)
            throw new ArgumentException("--hold-out and --valid are two validation sets: give one (held-out training images keep the benchmarks fair)", nameof(HoldOut));
        if (ValidateEvery < 1 || CheckpointEvery < 1 || LogEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(ValidateEvery), "validation, checkpoint and log intervals must be at least 1");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), $"--threads {Threads} must be at least 1");
        if (!Directory.Exists(HighResolutionFolder)) throw new DirectoryNotFoundException($"{HighResolutionFolder}: training folder not found");
        if (LowResolutionFolder is not null && !Directory.Exists(LowResolutionFolder))
            throw new DirectoryNotFoundException($"{LowResolutionFolder}: LR folder not found");
        if (ValidationFolder is not null && !Directory.Exists(ValidationFolder))
            throw new DirectoryNotFoundException($"{ValidationFolder}: validation folder not found");
        if (HoldOut.Count > 0) HoldOutSet.Resolve(HighResolutionFolder, HoldOut);
        if (InitialWeights is not null && !File.Exists(InitialWeights))
            throw new FileNotFoundException($"{InitialWeights}: initial weights not found", InitialWeights);
    }

    /// <summary>The learning rate in force at a 0-based iteration: step decay (every <see cref="DecayEvery"/>, or at the
    /// <see cref="DecayAt"/> milestones), or the cosine from <see cref="CosineFrom"/> to <see cref="Iterations"/>.</summary>
    public double LearningRateAt(int iteration)
    {
        if (Schedule == LearningRateSchedule.Cosine)
        {
            if (iteration <= CosineFrom) return LearningRate;
            double progress = Math.Min(1.0, (double)(iteration - CosineFrom) / (Iterations - CosineFrom));
            return MinLearningRate + 0.5 * (LearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress));
        }
        return LearningRate * Math.Pow(DecayFactor, DecayAt.Count > 0 ? DecayAt.Count(at => at <= iteration) : iteration / DecayEvery);
    }

    /// <summary>The schedule in words, for the run log.</summary>
    public string DescribeSchedule() => Schedule == LearningRateSchedule.Cosine
        ? $"lr {LearningRate:0.0e+00} cosine from {CosineFrom} to {MinLearningRate:0.0e+00} at {Iterations}"
        : DecayAt.Count > 0
            ? $"lr {LearningRate:0.0e+00} x{DecayFactor} at {string.Join(", ", DecayAt)}"
            : $"lr {LearningRate:0.0e+00} x{DecayFactor} every {DecayEvery}";
}
