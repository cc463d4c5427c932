namespace MlNetSr.Trainer.Models;

/// <summary>
/// The released configurations (SR_SPEC §1.1, §2): <c>edsr-baseline</c> (16×64, res_scale 1),
/// <c>edsr</c> (32×256, res_scale 0.1), <c>mdsr-baseline</c> (16×64) and <c>mdsr</c> (80×64).
/// </summary>
public static class ModelPresets
{
    public const string EdsrBaseline = "edsr-baseline";
    public const string EdsrPaper = "edsr";
    public const string MdsrBaseline = "mdsr-baseline";
    public const string MdsrPaper = "mdsr";

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
