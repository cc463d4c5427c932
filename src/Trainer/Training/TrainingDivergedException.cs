namespace MlNetSr.Trainer.Training;

/// <summary>
/// A step produced a non-finite loss or gradient. The step's update was not applied and the run folder's
/// <c>latest.ckpt</c> holds the last finite weights, so the run can resume (for example in float32).
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message)
{
}
