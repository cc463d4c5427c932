using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Weights;

/// <summary>A network loaded from a foreign weights file, with what was found and inferred on the way.</summary>
public sealed record ImportedWeights(
    SrNetwork Network,
    WeightsFileFormat Format,
    string? Wrapper,
    bool RenamedFromBasicSr,
    bool MeanShiftFromFile,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The loaded network's config.</summary>
    public ModelConfig Config => Network.Config;
}
