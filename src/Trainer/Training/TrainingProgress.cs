using System.Globalization;

namespace MlNetSr.Trainer.Training;

/// <summary>A progress report of a training run, made every <see cref="TrainingOptions.LogEvery"/> iterations.</summary>
public sealed record TrainingProgress(
    int Iteration, int TotalIterations, double Loss, double IterationsPerSecond, double LearningRate,
    ValidationPoint? LastValidation, TimeSpan Remaining)
{
    /// <summary>"it 1200/300000  loss 5.3210  0.54 it/s  lr 1.0e-04  valid 35.12 dB @1000  ETA 6d 03:12:45"</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"it {Iteration}/{TotalIterations}  loss {Loss:F4}  {IterationsPerSecond:F3} it/s  lr {LearningRate:0.0e+00}  " +
        $"valid {(LastValidation is { } v ? $"{v.Psnr:F2} dB @{v.Iteration}" : "-")}  ETA {FormatDuration(Remaining)}");

    internal static string FormatDuration(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span:hh\\:mm\\:ss}" : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
