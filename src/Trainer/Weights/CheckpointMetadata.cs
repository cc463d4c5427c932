using System.Text.Json.Serialization;
using MlNetSr.Trainer.Models;

namespace MlNetSr.Trainer.Weights;

/// <summary>
/// The JSON sidecar of a checkpoint (<c>&lt;weights&gt;.json</c>): the network config that a file cannot tell
/// (res_scale, branch order), plus free-form training facts (<see cref="Extra"/>: epoch, iteration, PSNR ...).
/// </summary>
public sealed record CheckpointMetadata
{
    /// <summary>The <see cref="FormatVersion"/> this version writes; newer files are refused.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Version of this sidecar layout.</summary>
    [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;
    /// <summary><c>edsr</c> or <c>mdsr</c>.</summary>
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "edsr";
    /// <summary>B, residual blocks in the body (EP <c>n_resblocks</c>).</summary>
    [JsonPropertyName("n_resblocks")] public int Blocks { get; init; }
    /// <summary>F, feature channels (EP <c>n_feats</c>).</summary>
    [JsonPropertyName("n_feats")] public int Features { get; init; }
    /// <summary>Residual scaling of the body blocks (EP <c>res_scale</c>).</summary>
    [JsonPropertyName("res_scale")] public double ResScale { get; init; }
    /// <summary>The scale (EDSR) or the branch scales in branch order (MDSR).</summary>
    [JsonPropertyName("scales")] public int[] Scales { get; init; } = [];
    /// <summary>Pixel range the network works on; only 255 is supported.</summary>
    [JsonPropertyName("rgb_range")] public int RgbRange { get; init; } = 255;
    /// <summary>When the checkpoint was written (UTC).</summary>
    [JsonPropertyName("created_utc")] public DateTimeOffset CreatedUtc { get; init; }
    /// <summary>Where the weights came from (a path or a description); null when not given.</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }
    /// <summary>Free-form training facts (iteration, PSNR ...); null when there are none.</summary>
    [JsonPropertyName("extra")] public Dictionary<string, string>? Extra { get; init; }

    /// <summary>The sidecar for <paramref name="config"/>, stamped with the current time.</summary>
    /// <param name="config">The network the weights belong to.</param>
    /// <param name="source">Where the weights came from.</param>
    /// <param name="extra">Free-form facts; copied.</param>
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

    /// <summary>The network config the sidecar describes.</summary>
    /// <exception cref="InvalidDataException"><see cref="Architecture"/> is neither <c>edsr</c> nor <c>mdsr</c>.</exception>
    public ModelConfig ToConfig() => new(
        Architecture.ToLowerInvariant() switch
        {
            "edsr" => SrArchitecture.Edsr,
            "mdsr" => SrArchitecture.Mdsr,
            var other => throw new InvalidDataException($"checkpoint architecture '{other}' is unknown: edsr or mdsr expected"),
        },
        Blocks, Features, ResScale, Scales);
}
