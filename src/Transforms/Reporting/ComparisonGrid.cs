using System.Globalization;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Metrics;

namespace MlNetSr.Reporting;

/// <summary>How <see cref="ComparisonGrid.Create"/> lays out its picture.</summary>
public sealed record ComparisonGridOptions
{
    /// <summary>The HR window shown; null picks the window where the methods differ most (<see cref="CropFinder"/>).</summary>
    public CropWindow? Crop { get; init; }

    /// <summary>Side of the automatically chosen window in HR pixels (clamped to the image); 96 by default.</summary>
    public int CropSize { get; init; } = 96;

    /// <summary>Nearest-neighbour enlargement of each crop, so single pixels stay visible; 3 by default.</summary>
    public int Zoom { get; init; } = 3;

    /// <summary>The metric protocol of the labels; the paper's by default (what <c>mlnetsr evaluate</c> uses).</summary>
    public EvaluationProtocol Protocol { get; init; } = EvaluationProtocol.Paper;
}

/// <summary>One panel of a grid: where it lies in the picture and what its label says.</summary>
/// <param name="Method">"HR" for the ground truth, otherwise the upscaler's name.</param>
/// <param name="Score">The whole image's PSNR/SSIM under the protocol (the evaluator's numbers); null for HR.</param>
/// <param name="Lines">The label's text lines, as drawn under the panel.</param>
/// <param name="X">Left of the enlarged crop in the picture.</param>
/// <param name="Y">Top of the enlarged crop in the picture.</param>
/// <param name="Width">Width of the enlarged crop.</param>
/// <param name="Height">Height of the enlarged crop.</param>
/// <param name="LabelY">Top of the first label line.</param>
public sealed record GridPanel(string Method, QualityScore? Score, IReadOnlyList<string> Lines, int X, int Y, int Width, int Height, int LabelY);

/// <summary>A comparison picture and what is in it.</summary>
/// <param name="Image">The picture (RGB).</param>
/// <param name="Crop">The HR window shown in every panel.</param>
/// <param name="Scale">The scale the LR input was made at.</param>
/// <param name="Panels">HR first, then each method in the order given.</param>
public sealed record ComparisonGridResult(ByteImage Image, CropWindow Crop, int Scale, IReadOnlyList<GridPanel> Panels);

/// <summary>
/// The papers' comparison figure: the same crop of the HR image and of each method's output, side by side, enlarged
/// with nearest neighbour, each labelled with its method and the whole image's PSNR and SSIM. The LR input is made
/// as <c>mlnetsr evaluate</c> makes it (<see cref="Degradation.MakePair"/>) and scored by <see cref="ImageQuality"/>,
/// so the labels carry the evaluator's numbers.
/// </summary>
public static class ComparisonGrid
{
    /// <summary>Gap around and between panels, in picture pixels.</summary>
    public const int Padding = 8;

    /// <summary>Picture pixels per font pixel of the labels.</summary>
    public const int FontScale = 2;

    /// <summary>Label text colour (black on white).</summary>
    public static readonly (byte R, byte G, byte B) TextColor = (0, 0, 0);

    private const int LabelLines = 3;

    /// <summary>
    /// Degrades <paramref name="highResolution"/> at <paramref name="scale"/>, upscales it with every method, scores each
    /// output and draws the grid; <paramref name="name"/> names the image in errors. <paramref name="labels"/> names the
    /// methods in the picture (default: each upscaler's name).
    /// </summary>
    public static ComparisonGridResult Create(ByteImage highResolution, int scale, IReadOnlyList<IUpscaler> methods,
        ComparisonGridOptions? options = null, string? name = null, IReadOnlyList<string>? labels = null)
    {
        options ??= new ComparisonGridOptions();
        if (methods.Count == 0) throw new ArgumentException("a comparison needs at least one method", nameof(methods));
        if (labels is not null && labels.Count != methods.Count)
            throw new ArgumentException($"{labels.Count} labels for {methods.Count} methods", nameof(labels));
        if (options.Zoom < 1) throw new ArgumentOutOfRangeException(nameof(options), $"zoom {options.Zoom} must be at least 1");
        foreach (var method in methods)
            if (!method.Supports(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"scale {scale} is not supported by {method.Name}");
        var (hr, lr) = Degradation.MakePair(highResolution, scale, name);
        var outputs = methods.Select(m => m.Upscale(lr, scale)).ToList();
        var scores = outputs.Select(o => ImageQuality.Measure(hr, o, scale, options.Protocol, name)).ToList();
        var crop = options.Crop ?? CropFinder.MostDifferent(hr, outputs, options.CropSize, options.Protocol.ShaveFor(scale));
        if (crop.X < 0 || crop.Y < 0 || crop.Width <= 0 || crop.Height <= 0 || crop.X + crop.Width > hr.Width || crop.Y + crop.Height > hr.Height)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"{name ?? "image"}: crop {crop.Width}x{crop.Height} at ({crop.X},{crop.Y}) does not fit in the {hr.Width}x{hr.Height} HR image (mod-cropped to x{scale})");

        var panels = new List<(string Method, QualityScore? Score, ByteImage Pixels)> { ("HR", null, hr) };
        panels.AddRange(methods.Select((m, i) => (labels?[i] ?? m.Name, (QualityScore?)scores[i], outputs[i])));
        return Draw(panels, crop, scale, options.Zoom);
    }

    /// <summary>The label lines of a panel: the method, then PSNR and SSIM (or "ground truth" for HR).</summary>
    public static IReadOnlyList<string> LabelFor(string method, QualityScore? score) => score is { } s
        ? [method, string.Create(CultureInfo.InvariantCulture, $"PSNR {s.Psnr:F2} dB"), string.Create(CultureInfo.InvariantCulture, $"SSIM {s.Ssim:F4}")]
        : [method, "ground truth", ""];

    private static ComparisonGridResult Draw(List<(string Method, QualityScore? Score, ByteImage Pixels)> panels, CropWindow crop, int scale, int zoom)
    {
        int cellWidth = crop.Width * zoom, cellHeight = crop.Height * zoom;
        int lineHeight = LabelLineHeight;
        int width = Padding + panels.Count * (cellWidth + Padding);
        int height = Padding + cellHeight + Padding + LabelLines * lineHeight + Padding;
        var picture = new ByteImage(width, height, 3);
        Array.Fill(picture.Data, (byte)255);
        var placed = new List<GridPanel>();
        for (int p = 0; p < panels.Count; p++)
        {
            var (method, score, pixels) = panels[p];
            int x0 = Padding + p * (cellWidth + Padding), y0 = Padding;
            var rgb = pixels.Crop(crop.X, crop.Y, crop.Width, crop.Height).ToRgb();
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < cellHeight; y++)
                    for (int x = 0; x < cellWidth; x++)
                        picture[c, y0 + y, x0 + x] = rgb[c, y / zoom, x / zoom];
            var lines = LabelFor(Fit(method, cellWidth), score);
            int labelY = y0 + cellHeight + Padding;
            for (int l = 0; l < lines.Count; l++) PixelFont.Draw(picture, lines[l], x0, labelY + l * lineHeight, FontScale, TextColor);
            placed.Add(new GridPanel(method, score, lines, x0, y0, cellWidth, cellHeight, labelY));
        }
        return new ComparisonGridResult(picture, crop, scale, placed);
    }

    /// <summary>The line height of labels in picture pixels (glyph plus spacing).</summary>
    public static int LabelLineHeight => PixelFont.LineHeight(FontScale) + 2 * FontScale;

    // A long method name (a model path) keeps its end, which names the file.
    private static string Fit(string text, int width)
    {
        int max = Math.Max(4, (width / FontScale + 1) / (PixelFont.GlyphWidth + 1));
        return text.Length <= max ? text : ".." + text[^(max - 2)..];
    }
}
