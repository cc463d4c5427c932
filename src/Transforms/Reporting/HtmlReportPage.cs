using System.Globalization;
using System.Net;
using System.Text;

namespace MlNetSr.Reporting;

/// <summary>
/// The HTML of an <see cref="EvaluationReport"/>: one page, inline style and script only. Every number cell carries
/// its exact value in <c>data-value</c> (what the sorting uses) and shows it rounded (PSNR and gain to 2 decimals,
/// SSIM to 4); the script sorts the image rows by gain on load and by any clicked column, then marks the page
/// <c>data-ready="sorted"</c>.
/// </summary>
public static class HtmlReportPage
{
    private const string Style = """
        body { font-family: sans-serif; margin: 24px; color: #222; }
        table { border-collapse: collapse; margin: 12px 0 24px; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; }
        th { background: #f0f0f0; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        #images th { cursor: pointer; }
        td.up { color: #1a7f37; } td.down { color: #b42318; }
        figure { display: inline-block; margin: 8px 12px 16px 0; }
        figure img { image-rendering: pixelated; border: 1px solid #ddd; max-width: 100%; }
        """;

    private const string Script = """
        (function () {
          var table = document.getElementById('images');
          var body = table.tBodies[0];
          function sortBy(column, descending) {
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[column].getAttribute('data-value'), y = b.cells[column].getAttribute('data-value');
              var nx = parseFloat(x), ny = parseFloat(y);
              var order = isNaN(nx) || isNaN(ny) ? String(x).localeCompare(String(y)) : nx - ny;
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            table.setAttribute('data-sorted', table.tHead.rows[0].cells[column].getAttribute('data-field') + (descending ? ' desc' : ' asc'));
          }
          var headers = table.tHead.rows[0].cells;
          for (var i = 0; i < headers.length; i++) (function (column) {
            headers[column].addEventListener('click', function () {
              var now = table.getAttribute('data-sorted') || '';
              sortBy(column, now !== headers[column].getAttribute('data-field') + ' desc');
            });
          })(i);
          for (var j = 0; j < headers.length; j++) if (headers[j].getAttribute('data-field') === 'gain') sortBy(j, true);
          document.body.setAttribute('data-ready', 'sorted');
        })();
        """;

    /// <summary>The page for <paramref name="data"/>.</summary>
    public static string Render(EvaluationReportData data)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MlNetSr evaluation: ")
            .Append(E(data.Method)).Append("</title>\n<style>").Append(Style).Append("</style></head>\n<body>\n");
        html.Append("<h1>Evaluation: ").Append(E(data.Method)).Append(" against bicubic</h1>\n");
        html.Append("<p>Protocol: ").Append(E(data.Protocol)).Append(". PSNR in dB; gain = PSNR − bicubic PSNR.</p>\n");

        html.Append("<h2>Sets</h2>\n<table id=\"sets\"><thead><tr><th>set</th><th>scale</th><th>images</th><th>bicubic PSNR</th><th>bicubic SSIM</th><th>PSNR</th><th>SSIM</th><th>gain</th></tr></thead><tbody>\n");
        foreach (var s in data.Sets)
            html.Append("<tr data-set=\"").Append(E(s.Set)).Append("\" data-scale=\"").Append(s.Scale).Append("\">")
                .Append(Text("set", s.Set)).Append(Text("scale", "x" + s.Scale.ToString(CultureInfo.InvariantCulture)))
                .Append(Number("images", s.Images, "0")).Append(Number("bicubic_psnr", s.BicubicPsnr, "F2")).Append(Number("bicubic_ssim", s.BicubicSsim, "F4"))
                .Append(Number("psnr", s.Psnr, "F2")).Append(Number("ssim", s.Ssim, "F4")).Append(Gain(s.Gain)).Append("</tr>\n");
        html.Append("</tbody></table>\n");

        html.Append("<h2>Images</h2>\n<p>Click a column to sort.</p>\n<table id=\"images\"><thead><tr>");
        foreach (var (field, title) in new[] { ("set", "set"), ("scale", "scale"), ("file", "image"), ("size", "size"), ("bicubic_psnr", "bicubic PSNR"), ("psnr", "PSNR"), ("gain", "gain"), ("bicubic_ssim", "bicubic SSIM"), ("ssim", "SSIM") })
            html.Append("<th data-field=\"").Append(field).Append("\">").Append(title).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var i in data.Images)
            html.Append("<tr data-set=\"").Append(E(i.Set)).Append("\" data-scale=\"").Append(i.Scale).Append("\" data-file=\"").Append(E(i.File)).Append("\">")
                .Append(Text("set", i.Set)).Append(Number("scale", i.Scale, "0")).Append(Text("file", i.File))
                .Append(Text("size", $"{i.Width}x{i.Height}", (long)i.Width * i.Height))
                .Append(Number("bicubic_psnr", i.BicubicPsnr, "F2")).Append(Number("psnr", i.Psnr, "F2")).Append(Gain(i.Gain))
                .Append(Number("bicubic_ssim", i.BicubicSsim, "F4")).Append(Number("ssim", i.Ssim, "F4")).Append("</tr>\n");
        html.Append("</tbody></table>\n");

        foreach (var (kind, title) in new[] { ("best", "Largest gain over bicubic"), ("worst", "Smallest gain over bicubic") })
        {
            html.Append("<h2>").Append(title).Append("</h2>\n");
            foreach (var g in data.Grids.Where(g => g.Kind == kind))
                html.Append("<figure class=\"grid\" data-kind=\"").Append(kind).Append("\"><img src=\"").Append(E(g.Picture)).Append("\" alt=\"")
                    .Append(E($"{g.Set} {g.File} x{g.Scale}")).Append("\"><figcaption>").Append(E($"{g.Set} / {g.File} x{g.Scale}: gain "))
                    .Append(g.Gain.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)).Append(" dB</figcaption></figure>\n");
        }
        html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static string Number(string field, double value, string format) =>
        $"<td class=\"num\" data-field=\"{field}\" data-value=\"{value.ToString("R", CultureInfo.InvariantCulture)}\">{value.ToString(format, CultureInfo.InvariantCulture)}</td>";

    private static string Gain(double gain) =>
        $"<td class=\"num {(gain > 0 ? "up" : gain < 0 ? "down" : "")}\" data-field=\"gain\" data-value=\"{gain.ToString("R", CultureInfo.InvariantCulture)}\">{gain.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)}</td>";

    private static string Text(string field, string text, long? sortValue = null) =>
        $"<td data-field=\"{field}\" data-value=\"{E(sortValue?.ToString(CultureInfo.InvariantCulture) ?? text)}\">{E(text)}</td>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
