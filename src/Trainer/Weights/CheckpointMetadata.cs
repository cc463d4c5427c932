using System.Text.Json.Serialization;
using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// The JSON sidecar of a checkpoint (<c>&lt;weights&gt;.json</c>): the network config that a file cannot tell
/// (res_scale, branch order), plus free-form training facts (<see cref="Extra"/>: epoch, iteration, PSNR ...).
/// </summary>
public sealed record CheckpointMetadata
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "edsr";
    [JsonPropertyName("n_resblocks")] public int Blocks { get; init; }
    [JsonPropertyName("n_feats")] public int Features { get; init; }
    [JsonPropertyName("res_scale")] public double ResScale { get; init; }
    [JsonPropertyName("scales")] public int[] Scales { get; init; } = [];
    [JsonPropertyName("rgb_range")] public int RgbRange { get; init; } = 255;
    [JsonPropertyName("created_utc")] public DateTimeOffset CreatedUtc { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("extra")] public Dictionary<string, string>? Extra { get; init; }

    public static CheckpointMetadata From(ModelConfig config, string? source = null, IReadOnlyDictionary<string, string>? extra = null) => new()
    {
        Architecture = config.Architecture == SrArchitecture.Edsr ? "edsr" : "mdsr",
        Blocks = config.Blocks,
        Features = config.Features,
        ResScale = config.ResScale,
        Scales = config.Scales.ToArray(),
        CreatedUtc = DateTimeOffset.UtcNow,
        Source = source,
        Extra = extra is null ? null : new Dictionary<string, string>(extra),
    };

    public ModelConfig ToConfig() => new(
        Architecture.ToLowerInvariant() switch
        {
            "edsr" => SrArchitecture.Edsr,
            "mdsr" => SrArchitecture.Mdsr,
            var other => throw new InvalidDataException($"checkpoint architecture '{other}' is unknown: edsr or mdsr expected"),
        },
        Blocks, Features, ResScale, Scales);
}
