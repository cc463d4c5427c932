using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Weights;

/// <summary>How <see cref="WeightsImporter"/> reads a file. All optional: by default everything is inferred.</summary>
public sealed record WeightsImportOptions
{
    /// <summary>Overrides the inferred res_scale (which is 0.1 for F=256, else 1; a file cannot tell).</summary>
    public double? ResScale { get; init; }

    /// <summary>Expected network; when set, the file must fit it exactly instead of being inferred.</summary>
    public ModelConfig? Config { get; init; }

    /// <summary>BasicSR wrapper to read (<c>params</c> or <c>params_ema</c>); default: <c>params_ema</c> when present.</summary>
    public string? Wrapper { get; init; }
}
