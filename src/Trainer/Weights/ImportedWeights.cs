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

    /// <summary>res_scale came from the file itself (an MlNetSr ONNX export's metadata), not from the shapes' default.</summary>
    public bool ResScaleFromFile { get; init; }
}
