using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.IO;
using MlNetSr.Metrics;

namespace MlNetSr.Reporting;

/// <summary>One set at one scale in a report: the method's means beside bicubic's.</summary>
public sealed record ReportSetRow(string Set, int Scale, int Images, double BicubicPsnr, double BicubicSsim, double Psnr, double Ssim)
{
    /// <summary>Mean PSNR gain over bicubic (dB).</summary>
    public double Gain => Psnr - BicubicPsnr;
}

/// <summary>One image at one scale in a report.</summary>
public sealed record ReportImageRow(string Set, int Scale, string File, int Width, int Height, double BicubicPsnr, double BicubicSsim, double Psnr, double Ssim)
{
    /// <summary>PSNR gain over bicubic (dB).</summary>
    public double Gain => Psnr - BicubicPsnr;
}

/// <summary>A comparison grid of the report: which image, why it was picked, and its file beside the page.</summary>
public sealed record ReportGrid(string Kind, string Set, int Scale, string File, double Gain, string Picture);

/// <summary>What a report shows, also written as <c>report.json</c> beside the page.</summary>
public sealed record EvaluationReportData(string Method, string Protocol, IReadOnlyList<ReportSetRow> Sets,
    IReadOnlyList<ReportImageRow> Images, IReadOnlyList<ReportGrid> Grids);

/// <summary>
/// Writes an evaluation as one self-contained HTML page (<c>index.html</c>: inline CSS and script, no external fonts or
/// scripts) with the grids as PNG files beside it and the numbers as <c>report.json</c>: the set table, per-image rows
/// sortable by any column (initially by PSNR gain over bicubic), and comparison grids of the images with the largest
/// and the smallest gain.
/// </summary>
public static class EvaluationReport
{
    /// <summary>File names inside the report folder.</summary>
    public const string PageFile = "index.html", DataFile = "report.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report's numbers from the method's and bicubic's scores of the same sets and scales.</summary>
    public static (IReadOnlyList<ReportSetRow> Sets, IReadOnlyList<ReportImageRow> Images) Combine(IReadOnlyList<SetScore> method, IReadOnlyList<SetScore> bicubic)
    {
        var sets = new List<ReportSetRow>();
        var images = new List<ReportImageRow>();
        foreach (var score in method)
        {
            var baseline = bicubic.SingleOrDefault(b => b.Set == score.Set && b.Scale == score.Scale)
                ?? throw new ArgumentException($"no bicubic score for {score.Set} x{score.Scale}", nameof(bicubic));
            sets.Add(new ReportSetRow(score.Set, score.Scale, score.ImageCount, baseline.Psnr, baseline.Ssim, score.Psnr, score.Ssim));
            foreach (var image in score.Images)
            {
                var b = baseline.Images.Single(i => i.File == image.File);
                images.Add(new ReportImageRow(score.Set, score.Scale, image.File, image.Width, image.Height, b.Psnr, b.Ssim, image.Psnr, image.Ssim));
            }
        }
        return (sets, images);
    }

    /// <summary>
    /// Writes the report into <paramref name="folder"/>. <paramref name="setFolders"/> maps each set name to its folder
    /// of HR images (the grids are made from them); <paramref name="upscaler"/> is the method, labelled
    /// <paramref name="methodLabel"/> in the grids; <paramref name="gridsEach"/> images are shown from each end.
    /// </summary>
    public static EvaluationReportData Write(string folder, IReadOnlyDictionary<string, string> setFolders, IReadOnlyList<SetScore> method,
        IReadOnlyList<SetScore> bicubic, IUpscaler upscaler, string methodLabel, EvaluationProtocol? protocol = null,
        ImageReadOptions? readOptions = null, int gridsEach = 3)
    {
        protocol ??= EvaluationProtocol.Paper;
        Directory.CreateDirectory(folder);
        var (sets, images) = Combine(method, bicubic);
        var ranked = images.OrderByDescending(i => i.Gain).ToList();
        var best = ranked.Take(gridsEach).ToList();
        var worst = ranked.Skip(best.Count).Reverse().Take(gridsEach).ToList();
        var grids = new List<ReportGrid>();
        foreach (var (kind, rows) in new[] { ("best", best), ("worst", worst) })
            for (int i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                string source = Path.Combine(setFolders[row.Set], row.File);
                var grid = ComparisonGrid.Create(ImageFile.Read(source, readOptions), row.Scale, [new BicubicUpscaler(), upscaler],
                    new ComparisonGridOptions { Protocol = protocol }, source, ["bicubic", methodLabel]);
                string picture = $"grid-{kind}-{i + 1}-{Safe(row.Set)}-x{row.Scale}-{Safe(Path.GetFileNameWithoutExtension(row.File))}.png";
                ImageFile.WritePng(grid.Image, Path.Combine(folder, picture));
                grids.Add(new ReportGrid(kind, row.Set, row.Scale, row.File, row.Gain, picture));
            }
        var data = new EvaluationReportData(upscaler.Name, protocol.Describe(), sets, ranked, grids);
        AtomicFile.WriteAllText(Path.Combine(folder, DataFile), JsonSerializer.Serialize(data, Json));
        AtomicFile.WriteAllText(Path.Combine(folder, PageFile), HtmlReportPage.Render(data));
        return data;
    }

    /// <summary>Reads a <c>report.json</c> back.</summary>
    public static EvaluationReportData ReadData(string path) =>
        JsonSerializer.Deserialize<EvaluationReportData>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty report");

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
