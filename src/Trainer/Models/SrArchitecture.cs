namespace MlNetSr.Trainer.Models;

/// <summary>The two network families of Lim et al. 2017 (SR_SPEC §1, §2).</summary>
public enum SrArchitecture
{
    /// <summary>Single-scale EDSR: one upsampler per model.</summary>
    Edsr,

    /// <summary>Multi-scale MDSR: per-scale pre-process and upsampler branches around a shared body.</summary>
    Mdsr,
}
