using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Evaluation;
using MlNetSr.Pipelines;
using Xunit;

namespace MlNetSr.Tests.Pipelines;

public class SuperResolvePipelineTests : IDisposable
{
    private readonly MLContext ml = new(seed: 1);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-pipeline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private List<string> SmallLowResolution() =>
        PipelineFixture.WriteLowResolution(Path.Combine(folder, "lr"),
            new[] { "baby.png", "butterfly.png" }.Select(f => Path.Combine(TestData.Benchmark("Set5"), f)), 2);

    [DataFact]
    public void Works_between_MLNETs_own_image_transforms_and_matches_the_tiled_engine_byte_for_byte()
    {
        var files = SmallLowResolution();
        var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve("SuperResolved", "Image", scale: 2))
            .Append(ml.Transforms.ResizeImages("Small", 32, 24, "SuperResolved"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Small"));
        var data = PipelineFixture.Paths(ml, files);
        var output = pipeline.Fit(data).Transform(data);

        var upscaled = output.GetColumn<MLImage>("SuperResolved").ToList();
        var pixels = output.GetColumn<VBuffer<float>>("Pixels").ToList();
        Assert.Equal(files.Count, upscaled.Count);
        for (int i = 0; i < files.Count; i++)
        {
            var expected = PipelineFixture.EngineUpscale(files[i], 2); // tiles of 128 over a 256x256 LR image
            var actual = PipelineFixture.Bytes(upscaled[i]);
            Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
            Assert.Equal(expected.Data, actual.Data);
            Assert.Equal(3 * 32 * 24, pixels[i].Length);
        }
    }

    [DataFact]
    public void PredictionEngine_upscales_one_image_like_the_engine()
    {
        string file = SmallLowResolution()[1];
        var empty = ml.Data.LoadFromEnumerable(new List<ImageRow>());
        var model = ml.Transforms.SuperResolve("SuperResolved", "Image", scale: 2).Fit(empty);
        var engine = ml.Model.CreatePredictionEngine<ImageRow, SuperResolvedRow>(model);

        using var image = MLImage.CreateFromFile(file);
        var result = engine.Predict(new ImageRow { Image = image });

        var expected = PipelineFixture.EngineUpscale(file, 2);
        Assert.Equal(expected.Data, PipelineFixture.Bytes(result.SuperResolved!).Data);
    }

    [DataFact]
    public void Save_then_load_in_a_new_context_gives_identical_pixels_including_a_large_image()
    {
        // barbara (720x576) as the LR input: a 1440x1152 result, 1 megapixel more than the tiles of the CLI hold.
        var files = SmallLowResolution().Append(Path.Combine(TestData.Benchmark("Set14"), "barbara.png")).ToList();
        var data = PipelineFixture.Paths(ml, files);
        var model = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve("SuperResolved", "Image", scale: 2))
            .Fit(data);
        var before = model.Transform(data).GetColumn<MLImage>("SuperResolved").Select(PipelineFixture.Bytes).ToList();

        string zip = Path.Combine(folder, "pipeline.zip");
        ml.Model.Save(model, data.Schema, zip);
        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.Load(zip, out var schema);
        Assert.Equal(data.Schema.Count, schema.Count);
        var after = loaded.Transform(PipelineFixture.Paths(fresh, files)).GetColumn<MLImage>("SuperResolved").Select(PipelineFixture.Bytes).ToList();

        Assert.Equal(files.Count, after.Count);
        Assert.Equal((1440, 1152), (after[2].Width, after[2].Height));
        for (int i = 0; i < files.Count; i++) Assert.Equal(before[i].Data, after[i].Data);
        Assert.Equal(PipelineFixture.EngineUpscale(files[2], 2).Data, after[2].Data);
    }

    [DataFact]
    public void A_column_of_the_wrong_type_is_named_with_its_type_and_the_expected_one()
    {
        var data = PipelineFixture.Paths(ml, [Path.Combine(TestData.Benchmark("Set5"), "bird.png")]);

        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SuperResolve("SuperResolved", nameof(PathRow.ImagePath), 2).Fit(data));
        Assert.Contains("'ImagePath' has type String", fit.Message);
        Assert.Contains("expected an image column (MLImage", fit.Message);

        // Inside a chain the check runs on the schema shape before anything is fitted.
        var chain = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve("SuperResolved", nameof(PathRow.ImagePath), 2));
        var shaped = Assert.Throws<ArgumentOutOfRangeException>(() => chain.Fit(data));
        Assert.Contains("SuperResolve: input column 'ImagePath' has type String", shaped.Message);

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SuperResolve("SuperResolved", "Photo", 2).Fit(data));
        Assert.Contains("'Photo' not found; the data has columns 'ImagePath'", missing.Message);
    }

    [Fact]
    public void Unsupported_scales_and_missing_model_files_fail_when_the_pipeline_is_built()
    {
        var scale = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SuperResolve(scale: 5));
        Assert.Contains("scale 5 has no embedded default model", scale.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SuperResolve(scale: 1));
        var file = Assert.Throws<FileNotFoundException>(() => ml.Transforms.SuperResolve(scale: 2, modelFile: Path.Combine(folder, "none.onnx")));
        Assert.Contains("none.onnx", file.Message);
    }

    [DataFact]
    public void A_model_file_of_another_scale_is_refused_naming_both_scales()
    {
        string x2 = Path.Combine(folder, "x2.onnx");
        File.WriteAllBytes(x2, DefaultModels.Get(2));
        var data = PipelineFixture.Paths(ml, SmallLowResolution());
        var estimator = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "SuperResolved", InputColumnName = "Image", Scale = 3, ModelFile = x2 }));
        var error = Assert.Throws<ArgumentException>(() => estimator.Fit(data));
        Assert.Contains("x2 model, but x3 was asked for", error.Message);
    }
}
