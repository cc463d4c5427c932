using System.Globalization;
using System.Xml.Linq;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Reporting;
using Xunit;

namespace MlNetSr.Tests.Reporting;

/// <summary>The README's pictures are small, shown, and what the commands written beside them make.</summary>
public sealed class ReadmePicturesTests
{
    private static string Repo(string path) => Path.Combine(TestData.RepositoryRoot, path);

    [Fact]
    public void The_readme_shows_both_small_pictures_with_their_commands()
    {
        string readme = File.ReadAllText(Repo("README.md"));
        foreach (var picture in new[] { "docs/images/compare-x4.png", "docs/images/curve-x2.svg" })
        {
            Assert.Contains($"]({picture})", readme);
            Assert.Contains($"-o {picture}", readme);
            Assert.InRange(new FileInfo(Repo(picture)).Length, 1, 300 * 1024);
        }
    }

    [Fact]
    public void The_curve_picture_holds_validation_rows_of_the_recorded_run()
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var svg = XDocument.Load(Repo("docs/images/curve-x2.svg"));
        var rows = TrainingCurve.Load(Repo("bench/runs/default-x2")).Validation.ToHashSet();
        var markers = svg.Descendants(ns + "circle").Where(e => (string?)e.Attribute("class") == "validation")
            .Select(e => new ValidationRow((int)e.Attribute("data-iteration")!, (int)e.Attribute("data-scale")!,
                double.Parse((string)e.Attribute("data-psnr")!, CultureInfo.InvariantCulture), double.Parse((string)e.Attribute("data-ssim")!, CultureInfo.InvariantCulture))).ToList();
        Assert.True(markers.Count >= 10, $"{markers.Count} validation points");
        Assert.All(markers, m => Assert.Contains(m, rows));
    }

    [DataFact]
    public void The_grid_picture_is_what_compare_makes_for_Set14_zebra_x4()
    {
        string source = Path.Combine(TestData.Benchmark("Set14"), "zebra.png");
        var options = new InferenceOptions { Threads = 2 };
        using var model = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(4), "embedded " + DefaultModels.NameFor(4), options, 4), options, ownsModel: true);
        var fresh = ComparisonGrid.Create(ImageFile.Read(source), 4, [new BicubicUpscaler(), model], null, source, ["bicubic", "default edsr-baseline-x4"]);
        var committed = ImageFile.Read(Repo("docs/images/compare-x4.png"));
        Assert.Equal((fresh.Image.Width, fresh.Image.Height), (committed.Width, committed.Height));
        // HR, bicubic and every label are exact; the model's panel may differ by rounding between CPUs.
        var modelPanel = fresh.Panels[2];
        long difference = 0;
        int modelPixels = 0;
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < committed.Height; y++)
                for (int x = 0; x < committed.Width; x++)
                {
                    int d = Math.Abs(committed[c, y, x] - fresh.Image[c, y, x]);
                    bool inModel = x >= modelPanel.X && x < modelPanel.X + modelPanel.Width && y >= modelPanel.Y && y < modelPanel.Y + modelPanel.Height;
                    if (inModel) { difference += d; modelPixels++; }
                    else Assert.True(d == 0, $"pixel ({x},{y}) channel {c} differs by {d}");
                }
        Assert.True(difference <= modelPixels / 2, $"model panel differs by {(double)difference / modelPixels:F3} on average");
    }
}
