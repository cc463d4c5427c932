namespace MlNetSr.Trainer.Models;

/// <summary>
/// The released configurations (SR_SPEC §1.1, §2): <c>edsr-baseline</c> (16×64, res_scale 1),
/// <c>edsr</c> (32×256, res_scale 0.1), <c>mdsr-baseline</c> (16×64) and <c>mdsr</c> (80×64).
/// </summary>
public static class ModelPresets
{
    /// <summary>EDSR baseline: B=16, F=64, res_scale 1 (1.37 M parameters at x2).</summary>
    public const string EdsrBaseline = "edsr-baseline";
    /// <summary>The paper's EDSR: B=32, F=256, res_scale 0.1.</summary>
    public const string EdsrPaper = "edsr";
    /// <summary>MDSR baseline: B=16, F=64, branches x2, x3, x4.</summary>
    public const string MdsrBaseline = "mdsr-baseline";
    /// <summary>The paper's MDSR: B=80, F=64, branches x2, x3, x4.</summary>
    public const string MdsrPaper = "mdsr";

    /// <summary>All preset names, in the order above.</summary>
    public static IReadOnlyList<string> Names { get; } = [EdsrBaseline, EdsrPaper, MdsrBaseline, MdsrPaper];

    /// <summary>A preset's config. EDSR presets need <paramref name="scale"/>; MDSR presets ignore it and serve 2, 3, 4.</summary>
    public static ModelConfig Get(string name, int scale = 2) => name.ToLowerInvariant() switch
    {
        EdsrBaseline => new ModelConfig(SrArchitecture.Edsr, 16, 64, 1.0, [scale]),
        EdsrPaper => new ModelConfig(SrArchitecture.Edsr, 32, 256, 0.1, [scale]),
        MdsrBaseline => new ModelConfig(SrArchitecture.Mdsr, 16, 64, 1.0, [2, 3, 4]),
        MdsrPaper => new ModelConfig(SrArchitecture.Mdsr, 80, 64, 1.0, [2, 3, 4]),
        _ => throw new ArgumentException($"unknown model preset '{name}': use {string.Join(", ", Names)}", nameof(name)),
    };
}
