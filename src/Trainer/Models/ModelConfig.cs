using System.Collections.ObjectModel;
using System.Globalization;

namespace MlNetSr.Trainer.Models;

/// <summary>
/// Everything that defines an EDSR/MDSR network's shape: architecture, B (<see cref="Blocks"/>), F
/// (<see cref="Features"/>), the residual scaling and the scale(s). EDSR has exactly one scale; MDSR has one
/// branch per listed scale, in that order (the official order is 2, 3, 4, so branch k serves Scales[k]).
/// Named presets with the paper's values are in <see cref="ModelPresets"/>.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Scales an upsampler can be built for (log2 x2 stages for 2 and 4; one x3 stage).</summary>
    public static readonly IReadOnlyList<int> SupportedScales = [2, 3, 4];

    /// <summary>Checks and stores a network shape.</summary>
    /// <param name="architecture">EDSR or MDSR.</param>
    /// <param name="blocks">B, residual blocks in the body (at least 1).</param>
    /// <param name="features">F, feature channels (at least 1).</param>
    /// <param name="resScale">Residual scaling, positive and finite; MDSR requires 1.</param>
    /// <param name="scales">Distinct values from <see cref="SupportedScales"/>; exactly one for EDSR, in branch order for MDSR.</param>
    /// <exception cref="ArgumentException">Any of these rules is broken.</exception>
    public ModelConfig(SrArchitecture architecture, int blocks, int features, double resScale, IEnumerable<int> scales)
    {
        var list = scales?.ToArray() ?? throw new ArgumentNullException(nameof(scales));
        if (blocks < 1) throw new ArgumentException($"blocks (B) must be at least 1, got {blocks}", nameof(blocks));
        if (features < 1) throw new ArgumentException($"features (F) must be at least 1, got {features}", nameof(features));
        if (!(resScale > 0) || double.IsInfinity(resScale))
            throw new ArgumentException($"res_scale must be a positive number, got {resScale}", nameof(resScale));
        if (list.Length == 0) throw new ArgumentException("at least one scale is needed", nameof(scales));
        foreach (int s in list)
            if (!SupportedScales.Contains(s)) throw new ArgumentException($"scale {s} is not supported: use 2, 3 or 4", nameof(scales));
        if (list.Distinct().Count() != list.Length) throw new ArgumentException($"scales repeat: {string.Join(",", list)}", nameof(scales));
        if (architecture == SrArchitecture.Edsr && list.Length != 1)
            throw new ArgumentException($"EDSR is single-scale: give one scale, got {string.Join(",", list)}", nameof(scales));
        // MDSR's pre-process blocks and body run unscaled in EP (res_scale 1); keep the option honest.
        if (architecture == SrArchitecture.Mdsr && resScale != 1.0)
            throw new ArgumentException($"MDSR uses res_scale 1, got {resScale}", nameof(resScale));

        Architecture = architecture;
        Blocks = blocks;
        Features = features;
        ResScale = resScale;
        Scales = new ReadOnlyCollection<int>(list);
    }

    /// <summary>EDSR or MDSR.</summary>
    public SrArchitecture Architecture { get; }

    /// <summary>B: residual blocks in the body (EP <c>n_resblocks</c>).</summary>
    public int Blocks { get; }

    /// <summary>F: feature channels (EP <c>n_feats</c>).</summary>
    public int Features { get; }

    /// <summary>Residual scaling inside body blocks: 1.0 baseline, 0.1 for the 256-feature EDSR.</summary>
    public double ResScale { get; }

    /// <summary>The scale (EDSR) or the branch scales in branch order (MDSR).</summary>
    public IReadOnlyList<int> Scales { get; }

    /// <summary>The one scale of an EDSR config; for MDSR the first branch.</summary>
    public int Scale => Scales[0];

    /// <summary>This config for another single scale (EDSR x2 → x3/x4 fine-tuning).</summary>
    public ModelConfig WithScale(int scale) => new(Architecture, Blocks, Features, ResScale, [scale]);

    /// <summary>This config with another res_scale (e.g. to override the value inferred from a file).</summary>
    public ModelConfig WithResScale(double resScale) => new(Architecture, Blocks, Features, resScale, Scales);

    /// <summary>Value equality; <see cref="Scales"/> are compared element by element, in order.</summary>
    public bool Equals(ModelConfig? other) => other is not null && Architecture == other.Architecture
        && Blocks == other.Blocks && Features == other.Features && ResScale == other.ResScale && Scales.SequenceEqual(other.Scales);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Architecture, Blocks, Features, ResScale, string.Join(",", Scales));

    /// <summary>e.g. "EDSR B=16 F=64 res_scale=1 x2" or "MDSR B=16 F=64 x2,x3,x4".</summary>
    public override string ToString() => Architecture == SrArchitecture.Edsr
        ? string.Create(CultureInfo.InvariantCulture, $"EDSR B={Blocks} F={Features} res_scale={ResScale:0.###} x{Scale}")
        : $"MDSR B={Blocks} F={Features} {string.Join(",", Scales.Select(s => $"x{s}"))}";
}
