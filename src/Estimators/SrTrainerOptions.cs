using MlNetSr.Trainer.Training;

namespace MlNetSr.Estimators;

/// <summary>
/// Options of the EDSR/MDSR trainers. Training defaults are the paper's (batch 16, 48x48 LR patches, Adam, lr 1e-4
/// halved every 200,000 iterations, 300,000 iterations); set <see cref="Iterations"/> to what your time allows.
/// </summary>
public sealed class SrTrainerOptions
{
    /// <summary>Column of HR (ground-truth) images used for training (MLImage).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>Optional column of matching LR images; null makes LR images with the MATLAB bicubic, as the paper.</summary>
    public string? LowResolutionColumnName { get; init; }

    /// <summary>Image column the fitted transformer upscales.</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>Column the fitted transformer writes.</summary>
    public string OutputColumnName { get; init; } = "SuperResolved";

    /// <summary>Upscaling factor (EDSR: the model's; MDSR: the scale the returned transformer applies).</summary>
    public int Scale { get; init; } = 2;

    /// <summary>"edsr-baseline" (default for Edsr), "edsr", "mdsr-baseline" (default for Mdsr) or "mdsr".</summary>
    public string? Preset { get; init; }

    /// <summary>Training iterations (paper: 300,000).</summary>
    public int Iterations { get; init; } = 300_000;
    /// <summary>Patches per minibatch (paper: 16).</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>Side of the LR training patch in pixels (paper: 48).</summary>
    public int LowResolutionPatch { get; init; } = 48;
    /// <summary>Initial Adam learning rate (paper: 1e-4).</summary>
    public double LearningRate { get; init; } = 1e-4;
    /// <summary>Halve the learning rate every this many iterations (paper: 200,000).</summary>
    public int DecayEvery { get; init; } = 200_000;

    /// <summary>Iterations at which the learning rate is halved instead of every <see cref="DecayEvery"/> (empty: none).</summary>
    public IReadOnlyList<int> DecayAt { get; init; } = [];

    /// <summary>Step decay (the paper's, default) or one cosine warm restart from <see cref="CosineFrom"/> to
    /// <see cref="MinLearningRate"/> at <see cref="Iterations"/>, which suits runs far shorter than the paper's.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Step;

    /// <summary>With the cosine schedule: the iteration at which the rate restarts at <see cref="LearningRate"/>.</summary>
    public int CosineFrom { get; init; }

    /// <summary>With the cosine schedule: the rate reached at <see cref="Iterations"/>.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Shrink factors in (0, 1) for extra copies of every label image (scale augmentation, e.g. 0.9, 0.8, 0.7,
    /// 0.6); empty for none, as in the paper. Not with <see cref="LowResolutionColumnName"/>.</summary>
    public IReadOnlyList<double> DownscaleCopies { get; init; } = [];

    /// <summary>
    /// Rows kept out of training and scored every <see cref="ValidateEvery"/> iterations instead of a
    /// <see cref="ValidationFolder"/>, picked evenly over the data (<see cref="HeldOutRows"/>); 0 for none. Choosing
    /// checkpoints on them keeps benchmark sets a fair result.
    /// </summary>
    public int HoldOutRows { get; init; }

    /// <summary>Random seed of initialisation and patch sampling (paper: 1).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Initialise from weights (e.g. a x2 model for x3/x4, the paper's recipe).</summary>
    public string? InitialWeights { get; init; }

    /// <summary>Folder of HR images scored during training (e.g. Set5); null for none.</summary>
    public string? ValidationFolder { get; init; }

    /// <summary>Score <see cref="ValidationFolder"/> (and save the resumable checkpoint) every this many iterations.</summary>
    public int ValidateEvery { get; init; } = 1_000;

    /// <summary>Run folder (checkpoints, log, training images); null = a new temporary folder. An existing run resumes.</summary>
    public string? RunFolder { get; init; }

    /// <summary>libtorch threads; null: libtorch's choice.</summary>
    public int? Threads { get; init; }
    /// <summary>Float32 (the paper) or BFloat16 forward/backward passes with float32 weights and Adam.</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

    /// <summary>Receives every progress report (also written to the MLContext's Log).</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Report progress every this many iterations.</summary>
    public int LogEvery { get; init; } = 10;
}
