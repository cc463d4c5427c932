using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Estimators;
using MlNetSr.Evaluation;
using MlNetSr.Trainer.Training;
using Xunit;

namespace MlNetSr.Tests.Pipelines;

public class TrainerEstimatorTests : IDisposable
{
    private readonly MLContext ml = new(seed: 1);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-trainers-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private IDataView HighResolutionImages(int count)
    {
        var files = ImageFolder.List(TestData.Train("T91")).Take(count);
        return ml.Transforms.LoadImages("Label", null, nameof(PathRow.ImagePath)).Fit(PipelineFixture.Paths(ml, files))
            .Transform(PipelineFixture.Paths(ml, files));
    }

    [DataFact]
    public void Edsr_Fit_trains_reports_progress_and_returns_a_savable_SuperResolve_transformer()
    {
        var reports = new List<TrainingProgress>();
        var logged = new List<string>();
        ml.Log += (_, e) => { if (e.Source.StartsWith("MlNetSr.Edsr", StringComparison.Ordinal)) lock (logged) logged.Add(e.Message); };
        var estimator = ml.SuperResolution().Trainers.Edsr(new SrTrainerOptions
        {
            LabelColumnName = "Label", InputColumnName = "Image", OutputColumnName = "SuperResolved", Scale = 2,
            Iterations = 4, BatchSize = 2, LowResolutionPatch = 16, LogEvery = 2, Threads = 2, DecayAt = [3],
            RunFolder = Path.Combine(folder, "run"), Progress = new SyncProgress<TrainingProgress>(reports.Add),
        });

        var transformer = estimator.Fit(HighResolutionImages(4));

        Assert.Equal([2, 4], reports.Select(r => r.Iteration));
        Assert.Equal([1e-4, 5e-5], reports.Select(r => r.LearningRate)); // halved at iteration 3, as DecayAt says
        Assert.Contains(logged, m => m.Contains("it 4/4"));
        Assert.Equal(2, transformer.Scale);
        Assert.True(File.Exists(Path.Combine(folder, "run", "run", SrTrainer.LatestCheckpoint)));

        // The trained transformer upscales a column named as configured, and survives Save/Load byte for byte.
        var lr = PipelineFixture.WriteLowResolution(Path.Combine(folder, "lr"), [Path.Combine(TestData.Benchmark("Set5"), "bird.png")], 2);
        var pipeline = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath)).Fit(PipelineFixture.Paths(ml, lr)).Append(transformer);
        var before = pipeline.Transform(PipelineFixture.Paths(ml, lr)).GetColumn<MLImage>("SuperResolved").Single();
        Assert.Equal((288, 288), (before.Width, before.Height));
        string zip = Path.Combine(folder, "trained.zip");
        ml.Model.Save(pipeline, PipelineFixture.Paths(ml, lr).Schema, zip);
        var after = new MLContext().Model.Load(zip, out _).Transform(PipelineFixture.Paths(ml, lr)).GetColumn<MLImage>("SuperResolved").Single();
        Assert.Equal(PipelineFixture.Bytes(before).Data, PipelineFixture.Bytes(after).Data);
    }

    [DataFact]
    public void Mdsr_Fit_trains_all_scales_and_applies_the_chosen_one()
    {
        var transformer = ml.SuperResolution().Trainers.Mdsr(new SrTrainerOptions
        {
            Scale = 3, Iterations = 3, BatchSize = 2, LowResolutionPatch = 16, LogEvery = 1, Threads = 2, RunFolder = Path.Combine(folder, "mdsr"),
        }).Fit(HighResolutionImages(3));
        Assert.Equal(3, transformer.Scale);
    }

    [DataFact]
    public void Edsr_Fit_holds_out_rows_follows_a_cosine_and_adds_downscaled_copies()
    {
        var reports = new List<TrainingProgress>();
        var logged = new List<string>();
        ml.Log += (_, e) => { if (e.Source.StartsWith("MlNetSr.Edsr", StringComparison.Ordinal)) lock (logged) logged.Add(e.Message); };
        string run = Path.Combine(folder, "cosine");
        ml.SuperResolution().Trainers.Edsr(new SrTrainerOptions
        {
            Scale = 2, Iterations = 4, BatchSize = 2, LowResolutionPatch = 16, LogEvery = 2, ValidateEvery = 2, Threads = 2,
            Schedule = LearningRateSchedule.Cosine, MinLearningRate = 1e-6, DownscaleCopies = [0.8], HoldOutRows = 1,
            RunFolder = run, Progress = new SyncProgress<TrainingProgress>(reports.Add),
        }).Fit(HighResolutionImages(4));

        // Half a cosine from 1e-4 (iteration 0) to 1e-6 (iteration 4), read at iterations 1 and 3.
        Assert.Equal([8.550e-5, 1.550e-5], reports.Select(r => Math.Round(r.LearningRate, 8)));
        // One row of four held out (the middle of the data: row 2), three trained on, each with a copy shrunk by 0.8.
        Assert.Contains(logged, m => m.Contains("3 images (1 held out for validation) and their copies shrunk by 0.8"));
        Assert.Equal(2, logged.Count(m => m.Contains("(held-out 1 images)")));
        var options = File.ReadAllText(Path.Combine(run, "run", "options.json"));
        Assert.Contains("row-000002.png", options);
    }

    [DataFact]
    public void Holding_out_every_row_is_refused_with_the_row_count()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.SuperResolution().Trainers.Edsr(new SrTrainerOptions
        {
            Iterations = 1, HoldOutRows = 2, RunFolder = Path.Combine(folder, "all-held"),
        }).Fit(HighResolutionImages(2)));
        Assert.Contains("Edsr: HoldOutRows 2 must be at least 0 and below the 2 rows of the training data", error.Message);
    }

    [DataFact]
    public void A_label_column_that_is_not_an_image_is_refused_by_name()
    {
        var data = PipelineFixture.Paths(ml, ImageFolder.List(TestData.Train("T91")).Take(1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ml.SuperResolution().Trainers.Edsr(new SrTrainerOptions { LabelColumnName = nameof(PathRow.ImagePath), Iterations = 1 }).Fit(data));
        Assert.Contains("Edsr (label): input column 'ImagePath' has type String", error.Message);
    }

    // Progress<T> posts to the thread pool; tests need the reports in order, before Fit returns.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
