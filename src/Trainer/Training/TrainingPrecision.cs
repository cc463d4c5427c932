namespace MlNetSr.Trainer.Training;

/// <summary>Arithmetic of the forward and backward passes. Weights, Adam and the loss are float32 in both.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32 (the paper's).</summary>
    Float32,

    /// <summary>
    /// Convolutions in bfloat16 on a shadow copy of the network (CPU AVX512-BF16 runs them about twice as fast);
    /// float32 master weights receive the gradients and Adam's update, like PyTorch's autocast.
    /// </summary>
    BFloat16,
}
