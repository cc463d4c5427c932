using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Evaluation;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Pipelines;

public class EvaluatorTests : IDisposable
{
    private readonly MLContext ml = new(seed: 1);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-evaluator-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private JsonElement Cli(params string[] arguments)
    {
        string json = Path.Combine(folder, Guid.NewGuid() + ".json");
        var result = CliProcess.Run([.. arguments, "--json", json, "--per-image"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement[0];
    }

    private static void AssertSame(JsonElement cli, MlNetSr.Pipelines.SuperResolutionMetrics metrics)
    {
        Assert.Equal(cli.GetProperty("psnr").GetDouble(), metrics.PeakSignalToNoiseRatio, 9);
        Assert.Equal(cli.GetProperty("ssim").GetDouble(), metrics.StructuralSimilarity, 9);
        var rows = cli.GetProperty("per_image");
        Assert.Equal(rows.GetArrayLength(), metrics.PerImage.Count);
        for (int i = 0; i < metrics.PerImage.Count; i++)
        {
            Assert.EndsWith(rows[i].GetProperty("file").GetString()!, metrics.PerImage[i].Name);
            Assert.Equal(rows[i].GetProperty("psnr").GetDouble(), metrics.PerImage[i].PeakSignalToNoiseRatio, 9);
        }
    }

    private IEstimator<ITransformer> Degrade(int scale) =>
        ml.Transforms.LoadImages("Label", null, nameof(PathRow.ImagePath))
            .Append(ml.SuperResolution().DownscaleBicubic("LowResolution", "Label", scale));

    [DataTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void Bicubic_in_a_pipeline_scores_Set5_exactly_as_the_CLI(int scale)
    {
        string set = TestData.Benchmark("Set5");
        var data = PipelineFixture.Paths(ml, ImageFolder.List(set));
        var scored = Degrade(scale).Append(ml.SuperResolution().UpscaleBicubic("Score", "LowResolution", scale)).Fit(data).Transform(data);

        var metrics = ml.SuperResolution().Evaluate(scored, "Label", "Score", scale, nameColumnName: nameof(PathRow.ImagePath));

        AssertSame(Cli("evaluate", "--data", set, "--scale", scale.ToString(), "--method", "bicubic"), metrics);
        Assert.Equal(scale, metrics.Scale);
        Assert.Contains("shave scale", metrics.ProtocolDescription);
    }

    [DataTheory]
    [InlineData(3)]
    [InlineData(4)]
    public void Bicubic_parts_survive_save_and_load_with_the_same_bytes_as_the_MATLAB_resize(int scale)
    {
        string file = Path.Combine(TestData.Benchmark("Set5"), "butterfly.png");
        var data = PipelineFixture.Paths(ml, [file]);
        var model = Degrade(scale).Append(ml.SuperResolution().UpscaleBicubic("Score", "LowResolution", scale)).Fit(data);
        string zip = Path.Combine(folder, $"bicubic-x{scale}.zip");
        ml.Model.Save(model, data.Schema, zip);

        var fresh = new MLContext(seed: 2);
        var scored = fresh.Model.Load(zip, out _).Transform(PipelineFixture.Paths(fresh, [file]));
        var (_, lowResolution) = Degradation.MakePair(MlNetSr.Imaging.ImageFile.Read(file), scale, file);
        Assert.Equal(lowResolution.Data, PipelineFixture.Bytes(scored.GetColumn<MLImage>("LowResolution").Single()).Data);
        Assert.Equal(MlNetSr.Imaging.MatlabBicubic.Upscale(lowResolution, scale).Data,
            PipelineFixture.Bytes(scored.GetColumn<MLImage>("Score").Single()).Data);
    }

    [DataFact]
    public void SuperResolve_in_a_pipeline_scores_Set5_exactly_as_the_CLI_with_the_default_model()
    {
        string set = TestData.Benchmark("Set5");
        var data = PipelineFixture.Paths(ml, ImageFolder.List(set));
        var scored = Degrade(2).Append(ml.Transforms.SuperResolve("Score", "LowResolution", 2)).Fit(data).Transform(data);

        var metrics = ml.SuperResolution().Evaluate(scored, "Label", "Score", 2, nameColumnName: nameof(PathRow.ImagePath));

        AssertSame(Cli("evaluate", "--data", set, "--scale", "2", "--method", "model", "--device", "cpu"), metrics);
        var bicubic = ml.SuperResolution().Evaluate(Degrade(2).Append(ml.SuperResolution().UpscaleBicubic("Score", "LowResolution", 2)).Fit(data).Transform(data), "Label", "Score", 2);
        Assert.True(metrics.PeakSignalToNoiseRatio > bicubic.PeakSignalToNoiseRatio + 2, $"{metrics} vs bicubic {bicubic}");
    }

    [DataFact]
    public void A_score_of_the_wrong_size_names_the_row_and_both_sizes()
    {
        var data = PipelineFixture.Paths(ml, [Path.Combine(TestData.Benchmark("Set5"), "bird.png")]);
        var scored = Degrade(2).Append(ml.SuperResolution().UpscaleBicubic("Score", "LowResolution", 2)).Fit(data).Transform(data);
        var error = Assert.Throws<MlNetSr.Imaging.InvalidImageException>(() => ml.SuperResolution().Evaluate(scored, "Label", "LowResolution", 2));
        Assert.Contains("row 0", error.Message);
        Assert.Contains("144x144 but the ground truth is 288x288", error.Message);
    }
}
