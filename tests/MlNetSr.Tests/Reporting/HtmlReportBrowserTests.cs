using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Reporting;
using Xunit;

namespace MlNetSr.Tests.Reporting;

/// <summary>A fact that needs the shared data and Debian's chromium; skipped, saying which is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where Debian's package installs the browser (.ci/run installs it).</summary>
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!TestData.Available) Skip = TestData.MissingMessage;
        else if (!File.Exists(Chromium)) Skip = $"{Chromium} not found: install Debian's chromium (apt-get install -y chromium) to check the HTML report in a browser";
    }
}

/// <summary>The evaluation report rendered by a real browser (headless Chromium): not blank, and showing the JSON's numbers.</summary>
public sealed partial class HtmlReportBrowserTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [ChromiumFact]
    public void The_report_renders_in_chromium_with_the_numbers_of_its_json()
    {
        const int scale = 4;
        string set = TestData.Benchmark("Set5");
        var options = new InferenceOptions { Threads = 2 };
        using var model = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(scale), "embedded " + DefaultModels.NameFor(scale), options, scale), options, ownsModel: true);
        var method = new SetEvaluator(maxParallelism: 1).Evaluate(set, [scale], model);
        var bicubic = new SetEvaluator().Evaluate(set, [scale], new BicubicUpscaler());
        string report = Path.Combine(folder, "report");
        EvaluationReport.Write(report, new Dictionary<string, string> { ["Set5"] = set }, method, bicubic, model, "default x4");
        var data = EvaluationReport.ReadData(Path.Combine(report, EvaluationReport.DataFile));
        Assert.Equal(5, data.Images.Count);
        Assert.Equal(5, data.Grids.Count); // three best, and the two that are left
        foreach (var grid in data.Grids) Assert.True(File.Exists(Path.Combine(report, grid.Picture)), grid.Picture);

        string page = new Uri(Path.Combine(report, EvaluationReport.PageFile)).AbsoluteUri;
        string screenshot = Path.Combine(folder, "page.png");
        Chromium($"--screenshot={screenshot}", "--window-size=1200,1600", page);
        AssertNotBlank(ImageFile.Read(screenshot));

        // The DOM after the page's script ran: it sorted the rows by gain and marked itself.
        string dom = Chromium("--dump-dom", page);
        Assert.Contains("data-ready=\"sorted\"", dom);
        var rows = RowPattern().Matches(dom).Select(m => (File: WebUtility.HtmlDecode(m.Groups["file"].Value), Cells: Cells(m.Groups["cells"].Value))).ToList();
        Assert.Equal(data.Images.Count, rows.Count);
        Assert.Equal(data.Images.OrderByDescending(i => i.Gain).Select(i => i.File), rows.Select(r => r.File));
        foreach (var (file, cells) in rows)
        {
            var expected = data.Images.Single(i => i.File == file);
            AssertCell(cells, "psnr", expected.Psnr, "F2");
            AssertCell(cells, "bicubic_psnr", expected.BicubicPsnr, "F2");
            AssertCell(cells, "gain", expected.Gain, "+0.00;-0.00;0.00");
            AssertCell(cells, "ssim", expected.Ssim, "F4");
            AssertCell(cells, "bicubic_ssim", expected.BicubicSsim, "F4");
        }
        var setRow = SetRowPattern().Match(dom);
        Assert.True(setRow.Success, "the set table's row is in the page");
        var setCells = Cells(setRow.Groups["cells"].Value);
        AssertCell(setCells, "psnr", data.Sets.Single().Psnr, "F2");
        AssertCell(setCells, "ssim", data.Sets.Single().Ssim, "F4");
        // The JSON holds the evaluator's numbers.
        Assert.Equal(method.Single().Psnr, data.Sets.Single().Psnr);
        Assert.Equal(bicubic.Single().Psnr, data.Sets.Single().BicubicPsnr);
    }

    private static void AssertCell(Dictionary<string, (string Value, string Text)> cells, string field, double expected, string format)
    {
        Assert.Equal(expected, double.Parse(cells[field].Value, CultureInfo.InvariantCulture));
        Assert.Equal(expected.ToString(format, CultureInfo.InvariantCulture), cells[field].Text);
    }

    private static Dictionary<string, (string Value, string Text)> Cells(string html) =>
        CellPattern().Matches(html).ToDictionary(m => m.Groups["field"].Value, m => (m.Groups["value"].Value, WebUtility.HtmlDecode(m.Groups["text"].Value)));

    private static void AssertNotBlank(ByteImage screenshot)
    {
        var plane = screenshot.Plane(0).ToArray();
        double mean = plane.Average(v => (double)v);
        double variance = plane.Average(v => (v - mean) * (v - mean));
        Assert.True(variance > 100, $"the {screenshot} screenshot looks blank: pixel variance {variance:F1}");
    }

    private string Chromium(params string[] arguments)
    {
        var start = new ProcessStartInfo(ChromiumFactAttribute.Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(folder, "chromium-profile")}" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', arguments)} did not finish in 2 minutes");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }

    [GeneratedRegex("<tr data-set=\"Set5\" data-scale=\"4\" data-file=\"(?<file>[^\"]+)\">(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<tr data-set=\"Set5\" data-scale=\"4\">(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex SetRowPattern();

    [GeneratedRegex("<td[^>]*data-field=\"(?<field>[^\"]+)\" data-value=\"(?<value>[^\"]*)\">(?<text>[^<]*)</td>")]
    private static partial Regex CellPattern();
}
