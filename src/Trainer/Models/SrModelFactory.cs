namespace MlNetSr.Trainer.Models;

/// <summary>Builds the network a <see cref="ModelConfig"/> describes, with PyTorch's default initialisation.</summary>
public static class SrModelFactory
{
    /// <summary>A new <see cref="Edsr"/> or <see cref="Mdsr"/> for <paramref name="config"/>.</summary>
    public static SrNetwork Create(ModelConfig config) => config.Architecture switch
    {
        SrArchitecture.Edsr => new Edsr(config),
        SrArchitecture.Mdsr => new Mdsr(config),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Architecture, "unknown architecture"),
    };

    /// <summary>A new network for <paramref name="config"/> whose initial weights depend on <paramref name="seed"/> alone
    /// (<see cref="SeededInitialisation"/>), not on libtorch's process-wide generator.</summary>
    public static SrNetwork Create(ModelConfig config, long seed)
    {
        var network = Create(config);
        SeededInitialisation.Apply(network, seed);
        return network;
    }

    /// <summary>Shortcut for a named preset (<see cref="ModelPresets"/>).</summary>
    public static SrNetwork Create(string preset, int scale = 2) => Create(ModelPresets.Get(preset, scale));
}
