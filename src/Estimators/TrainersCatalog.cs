using MlNetSr.Estimators;
using MlNetSr.Pipelines;

// In ML.NET's namespace, as ML.NET's own catalog extensions: `using Microsoft.ML;` is enough to find them.
namespace Microsoft.ML;

/// <summary><c>mlContext.SuperResolution().Trainers.Edsr(...)</c> and <c>.Mdsr(...)</c>.</summary>
public static class SuperResolutionTrainersCatalog
{
    /// <summary>EDSR (default preset edsr-baseline) for one scale.</summary>
    public static SrTrainerEstimator Edsr(this SuperResolutionTrainers trainers, SrTrainerOptions? options = null) =>
        new(trainers.Context, options ?? new SrTrainerOptions(), "edsr-baseline");

    /// <summary>MDSR (default preset mdsr-baseline), trained on x2, x3 and x4; the returned transformer applies <see cref="SrTrainerOptions.Scale"/>.</summary>
    public static SrTrainerEstimator Mdsr(this SuperResolutionTrainers trainers, SrTrainerOptions? options = null) =>
        new(trainers.Context, options ?? new SrTrainerOptions(), "mdsr-baseline");
}
