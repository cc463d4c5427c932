namespace MlNetSr.Trainer.Training;

/// <summary>How the learning rate moves during a run (<see cref="TrainingOptions.LearningRateAt"/>).</summary>
public enum LearningRateSchedule
{
    /// <summary>The paper's: multiplied by <see cref="TrainingOptions.DecayFactor"/> every
    /// <see cref="TrainingOptions.DecayEvery"/> iterations, or at the <see cref="TrainingOptions.DecayAt"/> milestones.</summary>
    Step,
    /// <summary>A warm restart: <see cref="TrainingOptions.LearningRate"/> at <see cref="TrainingOptions.CosineFrom"/>, falling
    /// along half a cosine to <see cref="TrainingOptions.MinLearningRate"/> at <see cref="TrainingOptions.Iterations"/>
    /// (Loshchilov and Hutter's SGDR, one cycle); made for short runs that must anneal where they end.</summary>
    Cosine,
}
