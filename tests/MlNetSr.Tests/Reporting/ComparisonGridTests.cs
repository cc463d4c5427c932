using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Reporting;
using Xunit;

namespace MlNetSr.Tests.Reporting;

/// <summary>The comparison grid: layout, labels that carry the evaluator's numbers, and the automatic crop.</summary>
public sealed class ComparisonGridTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-grid-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static SuperResolver DefaultModel(int scale) =>
        new(SrOnnxModel.Load(DefaultModels.Get(scale), "embedded " + DefaultModels.NameFor(scale), new InferenceOptions { Threads = 2 }, scale), new InferenceOptions { Threads = 2 }, ownsModel: true);

    [DataFact]
    public void Panels_are_laid_out_side_by_side_and_labelled_with_the_evaluators_numbers()
    {
        const int scale = 4;
        string source = Path.Combine(TestData.Benchmark("Set5"), "bird.png");
        using var model = DefaultModel(scale);
        IUpscaler[] methods = [new BicubicUpscaler(), model];
        var crop = new CropWindow(40, 60, 50, 40);
        var grid = ComparisonGrid.Create(ImageFile.Read(source), scale, methods, new ComparisonGridOptions { Crop = crop, Zoom = 3 }, source);

        // Sizes: HR + two methods, each crop enlarged 3x, padding around and between, three label lines below.
        int pad = ComparisonGrid.Padding;
        Assert.Equal(pad + 3 * (crop.Width * 3 + pad), grid.Image.Width);
        Assert.Equal(pad + crop.Height * 3 + pad + 3 * ComparisonGrid.LabelLineHeight + pad, grid.Image.Height);
        Assert.Equal(["HR", "bicubic", model.Name], grid.Panels.Select(p => p.Method));
        for (int p = 0; p < 3; p++)
        {
            Assert.Equal(pad + p * (crop.Width * 3 + pad), grid.Panels[p].X);
            Assert.Equal((crop.Width * 3, crop.Height * 3), (grid.Panels[p].Width, grid.Panels[p].Height));
        }

        // Nearest-neighbour enlargement of the HR crop: each HR pixel is a 3x3 block of the same colour.
        var hr = ModCrop.Apply(ImageFile.Read(source), scale);
        foreach (var (x, y) in new[] { (0, 0), (17, 23), (49, 39) })
            for (int c = 0; c < 3; c++)
                for (int d = 0; d < 9; d++)
                    Assert.Equal(hr[c, crop.Y + y, crop.X + x], grid.Image[c, grid.Panels[0].Y + 3 * y + d / 3, grid.Panels[0].X + 3 * x + d % 3]);

        // The labels' numbers are the evaluator's for the same image and scale.
        File.Copy(source, Path.Combine(folder, "bird.png"));
        for (int m = 0; m < methods.Length; m++)
        {
            var evaluated = new SetEvaluator(maxParallelism: 1).Evaluate(folder, [scale], methods[m]).Single().Images.Single();
            var panel = grid.Panels[m + 1];
            Assert.Equal(evaluated.Psnr, panel.Score!.Value.Psnr);
            Assert.Equal(evaluated.Ssim, panel.Score.Value.Ssim);
            Assert.Equal($"PSNR {evaluated.Psnr:F2} dB", panel.Lines[1]);
            Assert.Equal($"SSIM {evaluated.Ssim:F4}", panel.Lines[2]);
        }
        Assert.True(grid.Panels[2].Score!.Value.Psnr > grid.Panels[1].Score!.Value.Psnr, "the model beats bicubic on bird x4");

        // What is drawn under each panel is exactly those lines in the pixel font.
        foreach (var panel in grid.Panels)
        {
            var expected = new ByteImage(grid.Image.Width, grid.Image.Height, 3);
            Array.Fill(expected.Data, (byte)255);
            for (int l = 0; l < panel.Lines.Count; l++)
                PixelFont.Draw(expected, panel.Lines[l], panel.X, panel.LabelY + l * ComparisonGrid.LabelLineHeight, ComparisonGrid.FontScale, ComparisonGrid.TextColor);
            int inked = 0;
            for (int y = panel.LabelY; y < grid.Image.Height; y++)
                for (int x = panel.X; x < panel.X + panel.Width; x++)
                {
                    Assert.Equal(expected[0, y, x], grid.Image[0, y, x]);
                    if (expected[0, y, x] == 0) inked++;
                }
            Assert.True(inked > 100, $"{panel.Method}: label has {inked} dark pixels");
        }
    }

    [Fact]
    public void Without_a_crop_the_grid_shows_where_the_methods_differ_most()
    {
        // A flat gray image with one textured square: bicubic and nearest neighbour agree on the flat part only.
        var image = new ByteImage(160, 120, 3);
        Array.Fill(image.Data, (byte)128);
        var random = new Random(3);
        for (int y = 70; y < 110; y++)
            for (int x = 100; x < 150; x++)
                for (int c = 0; c < 3; c++) image[c, y, x] = (byte)random.Next(256);
        var grid = ComparisonGrid.Create(image, 2, [new BicubicUpscaler(), new NearestUpscaler()], new ComparisonGridOptions { CropSize = 32 });
        var crop = grid.Crop;
        Assert.Equal((32, 32), (crop.Width, crop.Height));
        int overlapX = Math.Min(crop.X + 32, 150) - Math.Max(crop.X, 100), overlapY = Math.Min(crop.Y + 32, 110) - Math.Max(crop.Y, 70);
        Assert.True(overlapX >= 24 && overlapY >= 24, $"crop {crop} should lie on the textured square (100,70)-(150,110)");
    }

    [Fact]
    public void A_crop_outside_the_image_is_refused_with_its_size()
    {
        var image = new ByteImage(64, 48, 3);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ComparisonGrid.Create(image, 2, [new BicubicUpscaler()], new ComparisonGridOptions { Crop = new CropWindow(40, 0, 32, 32) }, "flat.png"));
        Assert.Contains("flat.png", error.Message);
        Assert.Contains("32x32 at (40,0)", error.Message);
        Assert.Contains("64x48", error.Message);
    }

    /// <summary>A second, different upscaler for the crop test: each LR pixel repeated.</summary>
    private sealed class NearestUpscaler : IUpscaler
    {
        public string Name => "nearest";

        public bool Supports(int scale) => scale >= 2;

        public ByteImage Upscale(ByteImage lowResolution, int scale)
        {
            var result = new ByteImage(lowResolution.Width * scale, lowResolution.Height * scale, lowResolution.Channels);
            for (int c = 0; c < result.Channels; c++)
                for (int y = 0; y < result.Height; y++)
                    for (int x = 0; x < result.Width; x++) result[c, y, x] = lowResolution[c, y / scale, x / scale];
            return result;
        }
    }
}
