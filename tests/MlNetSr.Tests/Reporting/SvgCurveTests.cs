using System.Globalization;
using System.Xml.Linq;
using MlNetSr.Reporting;
using MlNetSr.Trainer.Training;
using Xunit;

namespace MlNetSr.Tests.Reporting;

/// <summary>The training curve SVG: well-formed, and its markers carry exactly the run's validation.csv.</summary>
public sealed class SvgCurveTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-curve-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_curve_of_a_recorded_run_is_well_formed_and_equals_its_validation_csv()
    {
        string run = Path.Combine(TestData.RepositoryRoot, "bench", "runs", "default-x2");
        string svg = SvgCurve.WriteForRun(run, Path.Combine(folder, "curve.svg"));
        CurveAssertions.AssertMatchesRun(svg, run);
    }

    [Fact]
    public void The_log_reader_understands_the_trainers_progress_lines()
    {
        var progress = new TrainingProgress(1200, 300000, 5.321, 0.54, 2.5e-5, null, TimeSpan.FromHours(30));
        var points = TrainingCurve.ParseLog([$"2026-12-03 10:00:00Z {progress}", "2026-12-03 10:00:01Z validation x2 34.479 dB / 0.9366 (Set5)"]);
        Assert.Equal(new LossPoint(1200, 5.321, 2.5e-5), Assert.Single(points));
    }

    [Fact]
    public void A_malformed_validation_row_is_refused_with_its_file_and_line()
    {
        File.WriteAllText(Path.Combine(folder, "validation.csv"), "iteration,scale,psnr,ssim,training_seconds\n250,2,34.5,0.93,10\n500,2,oops,0.94,20\n");
        var error = Assert.Throws<InvalidDataException>(() => TrainingCurve.Load(folder));
        Assert.Contains("validation.csv: line 3", error.Message);
    }
}

/// <summary>Checks shared by the curve tests and the trainer's run test.</summary>
public static class CurveAssertions
{
    /// <summary>Checks an SVG written for <paramref name="runFolder"/> against its validation.csv and log.txt.</summary>
    public static void AssertMatchesRun(string svgPath, string runFolder)
    {
        var svg = XDocument.Parse(File.ReadAllText(svgPath));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);

        // validation.csv read here independently: iteration,scale,psnr,ssim,...
        var rows = File.ReadAllLines(Path.Combine(runFolder, "validation.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).Select(c => (Iteration: int.Parse(c[0], CultureInfo.InvariantCulture), Scale: int.Parse(c[1], CultureInfo.InvariantCulture),
                Psnr: double.Parse(c[2], CultureInfo.InvariantCulture), Ssim: double.Parse(c[3], CultureInfo.InvariantCulture))).ToList();
        var markers = svg.Descendants(ns + "circle").Where(e => (string?)e.Attribute("class") == "validation")
            .Select(e => (Iteration: (int)e.Attribute("data-iteration")!, Scale: (int)e.Attribute("data-scale")!,
                Psnr: double.Parse((string)e.Attribute("data-psnr")!, CultureInfo.InvariantCulture), Ssim: double.Parse((string)e.Attribute("data-ssim")!, CultureInfo.InvariantCulture),
                Y: double.Parse((string)e.Attribute("cy")!, CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.OrderBy(r => (r.Scale, r.Iteration)), markers.Select(m => (m.Iteration, m.Scale, m.Psnr, m.Ssim)).OrderBy(r => (r.Scale, r.Iteration)));
        // Higher PSNR is drawn higher up (smaller y).
        var byPsnr = markers.OrderBy(m => m.Psnr).ToList();
        for (int i = 1; i < byPsnr.Count; i++)
            if (byPsnr[i].Psnr > byPsnr[i - 1].Psnr) Assert.True(byPsnr[i].Y <= byPsnr[i - 1].Y, $"{byPsnr[i].Psnr} dB drawn below {byPsnr[i - 1].Psnr} dB");

        // The loss and learning-rate lines have one point per logged iteration.
        int logged = File.ReadLines(Path.Combine(runFolder, "log.txt"))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\bit (\d+)/\d+\s+loss ")).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
        foreach (var line in new[] { "loss", "learning-rate" })
        {
            var polyline = svg.Descendants(ns + "polyline").Single(e => (string?)e.Attribute("class") == line);
            Assert.Equal(logged, ((string)polyline.Attribute("points")!).Split(' ').Length);
        }
    }
}
