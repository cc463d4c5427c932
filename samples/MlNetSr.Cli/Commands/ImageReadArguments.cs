using System.CommandLine;
using MlNetSr.Imaging;

namespace MlNetSr.Cli.Commands;

/// <summary>--alpha, --high-bit-depth and --max-pixels: how images that are not plain 8-bit RGB, or are huge, are read (refused by default).</summary>
public sealed class ImageReadArguments
{
    public Option<string> Alpha { get; } = new("--alpha") { Description = "Transparent images: reject (default) or discard (keep the RGB values)", DefaultValueFactory = _ => "reject" };
    public Option<string> HighBitDepth { get; } = new("--high-bit-depth") { Description = "16-bit PNGs: reject (default) or round (reduce to 8 bits)", DefaultValueFactory = _ => "reject" };

    public Option<long> MaxPixels { get; } = new("--max-pixels") { Description = $"Refuse images whose header declares more pixels than this (default {ImageReadOptions.DefaultMaxInputPixels:N0}, 8192x8192)", DefaultValueFactory = _ => ImageReadOptions.DefaultMaxInputPixels };

    public void AddTo(Command command)
    {
        command.Add(Alpha);
        command.Add(HighBitDepth);
        command.Add(MaxPixels);
    }

    public ImageReadOptions Options(ParseResult parse) => new()
    {
        Alpha = parse.GetValue(Alpha)!.ToLowerInvariant() switch
        {
            "reject" => AlphaPolicy.Reject,
            "discard" => AlphaPolicy.Discard,
            var other => throw new UsageException($"--alpha '{other}' is not supported: use reject or discard"),
        },
        HighBitDepth = parse.GetValue(HighBitDepth)!.ToLowerInvariant() switch
        {
            "reject" => HighBitDepthPolicy.Reject,
            "round" => HighBitDepthPolicy.RoundTo8Bit,
            var other => throw new UsageException($"--high-bit-depth '{other}' is not supported: use reject or round"),
        },
        MaxInputPixels = parse.GetValue(MaxPixels) is var limit and > 0 ? limit
            : throw new UsageException($"--max-pixels {parse.GetValue(MaxPixels)}: give a positive number of pixels"),
    };
}
