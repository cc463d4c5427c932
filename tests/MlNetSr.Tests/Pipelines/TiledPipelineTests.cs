using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Pipelines;

/// <summary>SuperResolve in pipelines runs the tiled engine: whole-image pixels in bounded memory, saved with its settings.</summary>
[Collection(MemoryMeasurement.Name)] // the 100-row test reads the process's resident memory: no other test may run beside it
public class TiledPipelineTests : IDisposable
{
    private readonly MLContext ml = new(seed: 1);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-tiled-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // An odd-sized crop of a Set14 photograph, written as PNG.
    private string Crop(string name, int x, int y, int width, int height)
    {
        var source = ImageFile.Read(Path.Combine(TestData.Benchmark("Set14"), name));
        var crop = new ByteImage(width, height, 3);
        for (int c = 0; c < 3; c++)
            for (int row = 0; row < height; row++)
                Array.Copy(source.Data, c * source.PlaneLength + (y + row) * source.Width + x, crop.Data, c * crop.PlaneLength + row * width, width);
        string path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}_{width}x{height}.png");
        ImageFile.WritePng(crop, path);
        return path;
    }

    private static ByteImage WholeImage(string file, int scale, bool selfEnsemble = false)
    {
        using var model = SrOnnxModel.Load(DefaultModels.Get(scale), "default", new InferenceOptions { Device = ExecutionDevice.Cpu }, scale);
        var image = ImageFile.Read(file);
        var whole = new SuperResolver(model, new InferenceOptions { TileSize = Math.Max(image.Width, image.Height), SelfEnsemble = selfEnsemble });
        Assert.Single(TilePlan.For(image.Width, image.Height, whole.TileFor(image.Width, image.Height).Width, whole.TileFor(image.Width, image.Height).Height, whole.Margin));
        return whole.Upscale(image);
    }

    private ITransformer Fit(string file, SuperResolutionOptions options) =>
        ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath)).Append(ml.Transforms.SuperResolve(options)).Fit(PipelineFixture.Paths(ml, [file]));

    private ByteImage Run(ITransformer model, MLContext context, string file) =>
        PipelineFixture.Bytes(model.Transform(PipelineFixture.Paths(context, [file])).GetColumn<MLImage>("SuperResolved").Single());

    [DataTheory]
    [InlineData(2, 151, 113)]
    [InlineData(3, 127, 131)]
    [InlineData(4, 109, 97)]
    public void A_tiny_budget_cuts_many_tiles_and_gives_the_whole_image_pixels(int scale, int width, int height)
    {
        string file = Crop("barbara.png", 101, 77, width, height);
        long budget;
        using (var model = SrOnnxModel.Load(DefaultModels.Get(scale), "default", new InferenceOptions { Device = ExecutionDevice.Cpu }, scale))
        {
            // Room for regions of 100x100 LR pixels: the 36-pixel context leaves cores of about 28.
            budget = new SuperResolver(model).BytesPerRegionPixel * 100 * 100;
            var engine = new SuperResolver(model, new InferenceOptions { MemoryBudget = budget });
            var (tileWidth, tileHeight) = engine.TileFor(width, height);
            Assert.True(TilePlan.For(width, height, tileWidth, tileHeight, engine.Margin).Count >= 4, $"tiles {tileWidth}x{tileHeight} are too few to test tiling");
        }
        var tiled = Run(Fit(file, new SuperResolutionOptions { OutputColumnName = "SuperResolved", InputColumnName = "Image", Scale = scale, MemoryBudget = budget }), ml, file);
        var whole = WholeImage(file, scale);
        Assert.Equal((width * scale, height * scale), (tiled.Width, tiled.Height));
        Assert.Equal(whole.Data, tiled.Data);
    }

    [DataFact]
    public void A_saved_self_ensemble_pipeline_loaded_in_a_fresh_process_gives_the_CLIs_self_ensemble_pixels()
    {
        string file = Crop("monarch.png", 200, 150, 71, 53);
        // The column names PipelineUpscale uses: Path in, Image out.
        var data = ml.Data.LoadFromEnumerable(new[] { new HostRow { Path = file } });
        var model = ml.Transforms.LoadImages("Image", null, "Path")
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "Image", Scale = 2, SelfEnsemble = true, MemoryBudget = 96L << 20 }))
            .Fit(data);
        string zip = Path.Combine(folder, "self-ensemble-x2.zip");
        ml.Model.Save(model, data.Schema, zip);

        string fromPipeline = Path.Combine(folder, "pipeline.png"), fromCli = Path.Combine(folder, "cli.png");
        var host = CliProcess.RunProgram("PipelineUpscale", file, fromPipeline, "--model", zip); // knows nothing but the zip
        Assert.True(host.ExitCode == 0, host.Error);
        var cli = CliProcess.Run("upscale", file, "-o", fromCli, "--scale", "2", "--self-ensemble", "--device", "cpu");
        Assert.True(cli.ExitCode == 0, cli.Error);

        var pipeline = ImageFile.Read(fromPipeline);
        Assert.Equal(ImageFile.Read(fromCli).Data, pipeline.Data);
        Assert.Equal(WholeImage(file, 2, selfEnsemble: true).Data, pipeline.Data);
        Assert.NotEqual(WholeImage(file, 2).Data, pipeline.Data); // the ensemble really ran
    }

    [DataFact]
    public void A_fresh_process_with_only_using_Microsoft_ML_upscales_like_mlnetsr_upscale()
    {
        string file = Crop("lenna.png", 10, 20, 131, 97);
        string fromPipeline = Path.Combine(folder, "pipeline.png"), fromCli = Path.Combine(folder, "cli.png");
        var host = CliProcess.RunProgram("PipelineUpscale", file, fromPipeline, "--scale", "3");
        Assert.True(host.ExitCode == 0, host.Error);
        Assert.Matches(@"seconds \d+\.\d\d, peak RSS \d+ kB", host.Output);
        var cli = CliProcess.Run("upscale", file, "-o", fromCli, "--scale", "3", "--memory", "128MiB");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Equal(ImageFile.Read(fromCli).Data, ImageFile.Read(fromPipeline).Data);
    }

    [DataFact]
    public void A_hundred_rows_of_mixed_sizes_stream_through_Transform_and_PredictionEngine_in_memory_that_does_not_grow()
    {
        // 100 crops from 40x30 to 136x102 (the largest first, so every buffer size is reached early).
        var files = Enumerable.Range(0, 100).Select(i => Crop("barbara.png", 3 * (i % 7), 2 * (i % 5), 136 - 96 * i / 100 - i % 3, 102 - 72 * i / 100 - i % 2)).ToList();
        var data = PipelineFixture.Paths(ml, files);
        var model = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath)).Append(ml.Transforms.SuperResolve("SuperResolved", "Image", 2)).Fit(data);

        var resident = new List<long>();
        int rows = 0;
        foreach (var row in ml.Data.CreateEnumerable<PathAndResult>(model.Transform(data), reuseRowObject: true))
        {
            Assert.Equal(2 * ImageFile.Read(row.ImagePath).Width, row.SuperResolved!.Width);
            if (++rows % 25 == 0) resident.Add(ResidentBytes());
        }
        Assert.Equal(100, rows);

        var engine = ml.Model.CreatePredictionEngine<PathRow, SuperResolvedRow>(model);
        foreach (var file in files)
        {
            var result = engine.Predict(new PathRow { ImagePath = file });
            Assert.Equal(2 * ImageFile.Read(file).Height, result.SuperResolved!.Height);
            if (++rows % 25 == 0) resident.Add(ResidentBytes());
        }
        // 100 results of up to 272x204 are 22 MB: a leak of them all would show; arena and GC noise stays below 64 MB.
        Assert.True(resident.Max() - resident[0] < 64L << 20, $"resident memory grew with the rows: {string.Join(", ", resident.Select(b => b >> 20))} MiB");
    }

    [DataFact]
    public void A_budget_too_small_for_one_tile_is_one_line_naming_the_budget_and_the_need()
    {
        string file = Crop("barbara.png", 0, 0, 40, 30);
        var error = Assert.Throws<MemoryBudgetException>(() => Fit(file, new SuperResolutionOptions { OutputColumnName = "Image", Scale = 4, MemoryBudget = 8L << 20 }));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("memory budget 8 MiB is too small", error.Message);
        Assert.Matches(@"smallest tile \(8 LR pixels plus the \d+-pixel context per side\) needs about \d+ MiB", error.Message);

        var cli = CliProcess.Run("upscale", file, "-o", Path.Combine(folder, "out.png"), "--scale", "4", "--memory", "8MiB");
        Assert.Equal(2, cli.ExitCode);
        Assert.Single(cli.ErrorLines);
        Assert.Contains("memory budget 8 MiB is too small", cli.Error);
        Assert.False(File.Exists(Path.Combine(folder, "out.png")));
    }

    [DataFact]
    public void A_truncated_image_in_a_row_is_named_by_its_path_and_the_rows_before_it_come_out_whole()
    {
        // A truncated PNG decodes partly (LoadImages gives an image whose missing rows are transparent).
        string good = Crop("barbara.png", 0, 0, 40, 30), bad = Path.Combine(folder, "broken.png");
        File.WriteAllBytes(bad, File.ReadAllBytes(good)[..100]);
        var data = PipelineFixture.Paths(ml, [good, bad]);
        var named = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "SuperResolved", InputColumnName = "Image", ImagePathColumnName = nameof(PathRow.ImagePath) }))
            .Fit(data);
        var written = new List<MLImage>();
        var error = Assert.Throws<InvalidDataException>(() => { foreach (var image in named.Transform(data).GetColumn<MLImage>("SuperResolved")) written.Add(image); });
        Assert.Equal((80, 60), (written.Single().Width, written.Single().Height)); // the good row came out whole, the bad one not at all
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"SuperResolve: {bad}: the 40x30 image has transparent pixels (a truncated file", error.Message);

        // Without the path column the image is still described.
        var unnamed = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath)).Append(ml.Transforms.SuperResolve("SuperResolved", "Image", 2)).Fit(data);
        var plain = Assert.Throws<InvalidDataException>(() => unnamed.Transform(data).GetColumn<MLImage>("SuperResolved").ToList());
        Assert.StartsWith("SuperResolve: the 40x30 image has transparent pixels", plain.Message);

        var wrongType = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "Image", ImagePathColumnName = "Image" })).Fit(data));
        Assert.Contains("image path column 'Image' has type", wrongType.Message);
    }

    // After a full, compacting collection: garbage (of this test, or left by the tests that ran before it in this
    // process) is not a leak and once made the count drift by ~100 MiB; results still referenced would stay resident.
    private static long ResidentBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private sealed class HostRow
    {
        public string Path { get; set; } = "";
    }

    private sealed class PathAndResult
    {
        public string ImagePath { get; set; } = "";
        public MLImage? SuperResolved { get; set; }
    }
}

/// <summary>Tests that measure the process's memory run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    /// <summary>The collection's name.</summary>
    public const string Name = "memory measurement";
}

/// <summary>How the memory budget becomes a tile size.</summary>
public class TileSizingTests
{
    [Fact]
    public void The_whole_image_is_one_tile_when_it_fits()
    {
        Assert.Equal((300, 200), TilePlan.SizeFor(300, 200, 36, 300 * 200));
    }

    [Theory]
    [InlineData(1920, 1080, 36, 147_000)]
    [InlineData(4000, 3000, 36, 37_000)]
    [InlineData(97, 61, 36, 9_000)]
    [InlineData(5000, 40, 36, 20_000)]
    public void Regions_fit_the_budget_and_cover_the_image(int width, int height, int margin, long maxRegionPixels)
    {
        var (tileWidth, tileHeight) = TilePlan.SizeFor(width, height, margin, maxRegionPixels);
        var tiles = TilePlan.For(width, height, tileWidth, tileHeight, margin);
        Assert.True((long)tiles[0].RegionWidth * tiles[0].RegionHeight <= maxRegionPixels);
        Assert.Equal((long)width * height, tiles.Sum(t => (long)t.CoreWidth * t.CoreHeight));
        // No square tiling of the same budget does less work.
        int square = (int)Math.Sqrt(maxRegionPixels) - 2 * margin;
        var squares = TilePlan.For(width, height, square, square, margin);
        Assert.True(tiles.Sum(t => (long)t.RegionWidth * t.RegionHeight) <= squares.Sum(t => (long)t.RegionWidth * t.RegionHeight));
    }

    [Fact]
    public void A_budget_below_one_minimal_tile_is_refused()
    {
        var error = Assert.Throws<MemoryBudgetException>(() => TilePlan.SizeFor(1000, 1000, 36, (8 + 72) * (8 + 72) - 1));
        Assert.Contains("needs 6400", error.Message);
    }
}
