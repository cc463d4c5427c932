using System.Globalization;
using System.Security;
using System.Text;
using MlNetSr.IO;

namespace MlNetSr.Reporting;

/// <summary>
/// Draws a <see cref="TrainingCurve"/> as one self-contained SVG (no scripts, no fonts beyond the generic sans-serif):
/// three panels over a shared iteration axis, training loss, validation PSNR (one line per scale) and learning rate.
/// Every validation marker carries its numbers (<c>data-iteration</c>, <c>data-scale</c>, <c>data-psnr</c>,
/// <c>data-ssim</c>) and a tooltip, so the picture can be checked against <c>validation.csv</c>.
/// </summary>
public static class SvgCurve
{
    /// <summary>File name of the curve in a run folder.</summary>
    public const string FileName = "curve.svg";

    private const int Width = 720, PanelHeight = 180, Left = 70, Right = 20, Top = 52, Gap = 50;
    private static readonly string[] ScaleColors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

    /// <summary>Renders the curve of the run in <paramref name="runFolder"/> to <c>curve.svg</c> there, atomically; returns its path.</summary>
    public static string WriteForRun(string runFolder, string? outputPath = null)
    {
        string path = outputPath ?? Path.Combine(runFolder, FileName);
        AtomicFile.WriteAllText(path, Render(TrainingCurve.Load(runFolder), Path.GetFileName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar))));
        return path;
    }

    /// <summary>The SVG text of <paramref name="curve"/>, titled <paramref name="title"/>.</summary>
    public static string Render(TrainingCurve curve, string title)
    {
        int maxIteration = Math.Max(1, curve.Loss.Select(p => p.Iteration).Concat(curve.Validation.Select(v => v.Iteration)).DefaultIfEmpty(1).Max());
        int height = Top + 3 * PanelHeight + 2 * Gap + 40;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"22\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n"));

        var xAxis = new Axis(0, maxIteration, Left, Width - Right);
        var loss = curve.Loss.Where(p => double.IsFinite(p.Loss)).ToList();
        Panel(svg, 0, "training loss (L1)", xAxis, loss.Select(p => p.Loss), panel =>
            Polyline(svg, loss.Select(p => (xAxis.Map(p.Iteration), panel.Map(p.Loss))), "#444444", "loss"));
        Panel(svg, 1, "validation PSNR (dB)", xAxis, curve.Validation.Select(v => v.Psnr), panel =>
        {
            var scales = curve.Validation.Select(v => v.Scale).Distinct().Order().ToList();
            for (int s = 0; s < scales.Count; s++)
            {
                string color = ScaleColors[s % ScaleColors.Length];
                var rows = curve.Validation.Where(v => v.Scale == scales[s]).OrderBy(v => v.Iteration).ToList();
                Polyline(svg, rows.Select(v => (xAxis.Map(v.Iteration), panel.Map(v.Psnr))), color, $"psnr-x{scales[s]}");
                foreach (var v in rows)
                    svg.Append(Invariant($"<circle class=\"validation\" cx=\"{xAxis.Map(v.Iteration):F1}\" cy=\"{panel.Map(v.Psnr):F1}\" r=\"2.5\" fill=\"{color}\" data-iteration=\"{v.Iteration}\" data-scale=\"{v.Scale}\" data-psnr=\"{v.Psnr:R}\" data-ssim=\"{v.Ssim:R}\"><title>x{v.Scale} iteration {v.Iteration}: {v.Psnr:F2} dB, SSIM {v.Ssim:F4}</title></circle>\n"));
                svg.Append(Invariant($"<text x=\"{Width - Right - 40 * (scales.Count - s)}\" y=\"{PanelTop(1) - 6}\" fill=\"{color}\">x{scales[s]}</text>\n"));
            }
        });
        Panel(svg, 2, "learning rate", xAxis, loss.Select(p => p.LearningRate), panel =>
            Polyline(svg, loss.Select(p => (xAxis.Map(p.Iteration), panel.Map(p.LearningRate))), "#8c564b", "learning-rate"));
        foreach (double tick in xAxis.Ticks())
            svg.Append(Invariant($"<text x=\"{xAxis.Map(tick):F1}\" y=\"{PanelTop(2) + PanelHeight + 16}\" text-anchor=\"middle\">{tick:0.###}</text>\n"));
        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{PanelTop(2) + PanelHeight + 34}\" text-anchor=\"middle\">iteration</text>\n"));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static int PanelTop(int index) => Top + index * (PanelHeight + Gap);

    private static void Panel(StringBuilder svg, int index, string label, Axis xAxis, IEnumerable<double> values, Action<Axis> draw)
    {
        int top = PanelTop(index), bottom = top + PanelHeight;
        var list = values.Where(double.IsFinite).ToList();
        double low = list.Count > 0 ? list.Min() : 0, high = list.Count > 0 ? list.Max() : 1;
        if (high - low < 1e-12 * Math.Max(1, Math.Abs(high))) (low, high) = (low - Math.Max(Math.Abs(low) * 0.1, 1e-12), high + Math.Max(Math.Abs(high) * 0.1, 1e-12));
        double pad = (high - low) * 0.05;
        var yAxis = new Axis(low - pad, high + pad, bottom, top);
        svg.Append(Invariant($"<g class=\"panel\" data-label=\"{Escape(label)}\">\n"));
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{top}\" width=\"{Width - Left - Right}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#999999\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{top - 6}\" font-weight=\"bold\">{Escape(label)}</text>\n"));
        foreach (double tick in yAxis.Ticks())
        {
            double y = yAxis.Map(tick);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#eeeeee\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 4}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{FormatTick(tick)}</text>\n"));
        }
        foreach (double tick in xAxis.Ticks())
            svg.Append(Invariant($"<line x1=\"{xAxis.Map(tick):F1}\" y1=\"{top}\" x2=\"{xAxis.Map(tick):F1}\" y2=\"{bottom}\" stroke=\"#eeeeee\"/>\n"));
        if (list.Count == 0)
            svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{top + PanelHeight / 2}\" text-anchor=\"middle\" fill=\"#999999\">no data yet</text>\n"));
        else draw(yAxis);
        svg.Append("</g>\n");
    }

    private static void Polyline(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color, string name)
    {
        var text = string.Join(" ", points.Select(p => Invariant($"{p.X:F1},{p.Y:F1}")));
        if (text.Length > 0)
            svg.Append(Invariant($"<polyline class=\"{name}\" points=\"{text}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>\n"));
    }

    private static string FormatTick(double value) =>
        value != 0 && (Math.Abs(value) < 1e-2 || Math.Abs(value) >= 1e5) ? value.ToString("0.0e+00", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A linear map from data values to picture coordinates, with round tick values.</summary>
    private readonly record struct Axis(double Low, double High, double From, double To)
    {
        public double Map(double value) => From + (value - Low) / (High - Low) * (To - From);

        public IEnumerable<double> Ticks()
        {
            double raw = (High - Low) / 5, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
            for (double t = Math.Ceiling(Low / step) * step; t <= High + step * 1e-9; t += step) yield return Math.Round(t / step) * step;
        }
    }
}
