using MlNetSr.Pipelines;

namespace MlNetSr.Estimators;

/// <summary><c>mlContext.SuperResolution().Trainers.Edsr(...)</c> and <c>.Mdsr(...)</c>.</summary>
public static class TrainersCatalog
{
    /// <summary>EDSR (default preset edsr-baseline) for one scale.</summary>
    public static SrTrainerEstimator Edsr(this SuperResolutionTrainers trainers, SrTrainerOptions? options = null) =>
        new(trainers.Context, options ?? new SrTrainerOptions(), "edsr-baseline");

    /// <summary>MDSR (default preset mdsr-baseline), trained on x2, x3 and x4; the returned transformer applies <see cref="SrTrainerOptions.Scale"/>.</summary>
    public static SrTrainerEstimator Mdsr(this SuperResolutionTrainers trainers, SrTrainerOptions? options = null) =>
        new(trainers.Context, options ?? new SrTrainerOptions(), "mdsr-baseline");
}
