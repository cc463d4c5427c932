using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;
using MlNetSr.Trainer.Weights;
using Xunit;
using static TorchSharp.torch;

namespace MlNetSr.Tests.Training;

/// <summary>Short real training runs on real images with a tiny network (CI has 2 cores).</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-train-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly ModelConfig TinyEdsr = new(SrArchitecture.Edsr, 2, 16, 1.0, [2]);

    // Six real T91 images (copied to a temporary folder, never into the repository).
    private string TrainingImages()
    {
        string images = Path.Combine(folder, "hr");
        Directory.CreateDirectory(images);
        foreach (var file in Directory.GetFiles(TestData.Train("T91")).Order(StringComparer.Ordinal).Take(6))
            File.Copy(file, Path.Combine(images, Path.GetFileName(file)));
        return images;
    }

    private TrainingOptions Options(string run, string images, int iterations, ModelConfig? model = null) => new()
    {
        Model = model ?? TinyEdsr,
        HighResolutionFolder = images,
        OutputFolder = Path.Combine(folder, run),
        Iterations = iterations,
        BatchSize = 4,
        LowResolutionPatch = 16,
        LearningRate = 1e-3,
        LogEvery = 1,
        CheckpointEvery = 1000,
        Seed = 7,
    };

    [DataFact]
    public void The_loss_falls_and_the_run_leaves_its_files()
    {
        var losses = new List<double>();
        var options = Options("smoke", TrainingImages(), 60) with { ValidationFolder = TestData.Benchmark("Set5"), ValidateEvery = 30 };
        var result = new SrTrainer(options, progress: new SynchronousProgress<TrainingProgress>(p => losses.Add(p.Loss))).Run();
        Assert.Equal(60, losses.Count);
        double early = losses.Take(10).Average(), late = losses.TakeLast(10).Average();
        Assert.True(late < 0.8 * early, $"L1 went from {early:F2} to {late:F2}");
        Assert.Equal(2, result.State.Validations.Count);
        Assert.All(result.State.Validations, v => Assert.InRange(v.Psnr, 10, 60));
        foreach (var file in new[] { SrTrainer.LatestCheckpoint, SrTrainer.BestWeights, SrTrainer.FinalWeights, "log.txt", "validation.csv", "options.json" })
            Assert.True(File.Exists(Path.Combine(options.OutputFolder, file)), file);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(options.OutputFolder, "validation.csv")).Length);
        // The curve is redrawn at each validation from validation.csv and the log.
        Reporting.CurveAssertions.AssertMatchesRun(Path.Combine(options.OutputFolder, MlNetSr.Reporting.SvgCurve.FileName), options.OutputFolder);
        using var final = CheckpointFile.Load(Path.Combine(options.OutputFolder, SrTrainer.FinalWeights));
        Assert.Equal(TinyEdsr, final.Config);
    }

    [DataFact]
    public void A_diverging_run_stops_with_a_clear_error_and_saves_its_last_finite_weights()
    {
        // A learning rate of 1e30 sends the weights to ~1e30 after one Adam step; the next forward overflows.
        var options = Options("diverged", TrainingImages(), 20) with { LearningRate = 1e30 };
        var error = Assert.Throws<TrainingDivergedException>(() => new SrTrainer(options).Run());

        string latest = Path.Combine(options.OutputFolder, SrTrainer.LatestCheckpoint);
        var state = TrainingCheckpoint.ReadState(latest);
        Assert.Contains($"diverged at iteration {state.Iteration + 1}: the loss or a gradient is not finite", error.Message);
        Assert.Contains(error.Message, File.ReadAllText(Path.Combine(options.OutputFolder, "log.txt")));
        using var saved = SrModelFactory.Create(TinyEdsr);
        TrainingCheckpoint.LoadModel(latest, saved);
        Assert.All(saved.parameters(), p => Assert.True(isfinite(p).all().item<bool>(), "a non-finite weight was saved"));
    }

    [DataFact]
    public void Bfloat16_training_follows_float32_and_keeps_float32_master_weights()
    {
        string images = TrainingImages();
        if (BFloat16KernelCheck.WorstRelativeError() > BFloat16KernelCheck.Tolerance)
        {
            // This CPU's bf16 kernels are wrong (seen on AMD Zen 5): the run is refused up front, and nothing is written.
            var refusal = Assert.Throws<NotSupportedException>(() => new SrTrainer(Options("bf16", images, 30) with { Precision = TrainingPrecision.BFloat16 }));
            Assert.Contains("--precision fp32", refusal.Message);
            Assert.False(Directory.Exists(Path.Combine(folder, "bf16")));
            return;
        }
        var fp32 = new List<double>();
        var bf16 = new List<double>();
        var a = new SrTrainer(Options("fp32", images, 30), progress: new SynchronousProgress<TrainingProgress>(p => fp32.Add(p.Loss))).Run();
        var b = new SrTrainer(Options("bf16", images, 30) with { Precision = TrainingPrecision.BFloat16 },
            progress: new SynchronousProgress<TrainingProgress>(p => bf16.Add(p.Loss))).Run();

        // Same batches, same start: bfloat16's 8-bit mantissa moves each loss a little, not the curve.
        for (int i = 0; i < fp32.Count; i++) Assert.True(Math.Abs(fp32[i] - bf16[i]) < 0.05 * fp32[i] + 0.5, $"iteration {i + 1}: fp32 {fp32[i]:F3}, bf16 {bf16[i]:F3}");
        Assert.True(bf16.TakeLast(5).Average() < 0.8 * bf16.Take(5).Average(), "the bf16 loss fell");
        Assert.All(b.Network.parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.Float32, p.dtype));
        using var reloaded = CheckpointFile.Load(Path.Combine(folder, "bf16", SrTrainer.FinalWeights));
        Assert.Equal(TinyEdsr, reloaded.Config);
        a.Network.Dispose();
        b.Network.Dispose();
    }

    [DataFact]
    public void Resuming_gives_the_same_weights_as_an_uninterrupted_run()
    {
        string images = TrainingImages();
        using var straight = new SrTrainer(Options("straight", images, 8)).Run().Network;
        new SrTrainer(Options("split", images, 5)).Run().Network.Dispose();
        using var resumed = new SrTrainer(Options("split", images, 8) with { Resume = true }).Run().Network;
        var a = straight.state_dict();
        var b = resumed.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.True(a[key].eq(b[key]).all().item<bool>(), $"{key} differs after resume");

        // The first start's options stay; the resume records its own beside them.
        string run = Path.Combine(folder, "split");
        Assert.Contains("\"Iterations\": 5", File.ReadAllText(Path.Combine(run, "options.json")));
        Assert.Contains("\"Iterations\": 8", File.ReadAllText(Path.Combine(run, "options-resumed-at-5.json")));
    }

    [Fact]
    public void Milestones_halve_the_learning_rate_where_they_say_and_replace_the_period()
    {
        var options = new TrainingOptions
        {
            Model = TinyEdsr, HighResolutionFolder = folder, OutputFolder = folder, LearningRate = 1e-4, DecayEvery = 2, DecayAt = [3, 5],
        };
        Assert.Equal([1e-4, 1e-4, 1e-4, 5e-5, 5e-5, 2.5e-5, 2.5e-5], Enumerable.Range(0, 7).Select(options.LearningRateAt));
        Assert.Equal(2.5e-5, (options with { DecayAt = [] }).LearningRateAt(4));
        Assert.Contains("at 3, 5", options.DescribeSchedule());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (options with { DecayAt = [5, 3] }).Validate());
        Assert.Contains("--decay-at 5,3", error.Message);
    }

    [DataFact]
    public void A_run_folder_is_never_overwritten_without_resume()
    {
        string images = TrainingImages();
        new SrTrainer(Options("once", images, 2)).Run().Network.Dispose();
        var error = Assert.Throws<IOException>(() => new SrTrainer(Options("once", images, 4)).Run());
        Assert.Contains("--resume", error.Message);
        var mismatch = Assert.Throws<InvalidDataException>(() =>
            new SrTrainer(Options("once", images, 4, TinyEdsr.WithScale(3)) with { Resume = true }).Run());
        Assert.Contains("x3", mismatch.Message);
    }

    [DataFact]
    public void Mdsr_batches_update_only_the_shared_weights_and_their_own_branch()
    {
        var mdsr = new ModelConfig(SrArchitecture.Mdsr, 1, 8, 1.0, [2, 3, 4]);
        string images = TrainingImages();
        using var start = new SrTrainer(Options("mdsr0", images, 1, mdsr) with { Iterations = 1 }).Run().Network;
        var before = start.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        // Continue for one more batch: its scale is drawn by the sampler; find which branch moved.
        var options = Options("mdsr0", images, 2, mdsr) with { Resume = true };
        using var after = new SrTrainer(options).Run().Network;
        var changed = after.state_dict().Where(kv => !kv.Value.eq(before[kv.Key]).all().item<bool>()).Select(kv => kv.Key).ToList();
        var branches = changed.Where(k => k.StartsWith("pre_process.") || k.StartsWith("upsample."))
            .Select(k => k.Split('.')[1]).Distinct().ToList();
        Assert.Single(branches);
        Assert.Contains("head.0.weight", changed);
        Assert.Contains("tail.0.weight", changed);
        Assert.DoesNotContain("sub_mean.weight", changed);
    }

    [DataFact]
    public void A_x4_run_starts_from_a_x2_run_with_the_official_copy_rule()
    {
        string images = TrainingImages();
        using var x2 = new SrTrainer(Options("x2", images, 2)).Run().Network;
        var options = Options("x4", images, 1, TinyEdsr.WithScale(4)) with
        {
            InitialWeights = Path.Combine(folder, "x2", SrTrainer.FinalWeights),
            LearningRate = 1e-12,
        };
        using var x4 = new SrTrainer(options).Run().Network;
        // With a vanishing learning rate the copied tensors stay (numerically) what x2 ended with.
        var source = x2.state_dict();
        var target = x4.state_dict();
        Assert.True(source["head.0.weight"].allclose(target["head.0.weight"], rtol: 0, atol: 1e-6));
        Assert.True(source["tail.1.weight"].allclose(target["tail.1.weight"], rtol: 0, atol: 1e-6));
        string log = File.ReadAllText(Path.Combine(options.OutputFolder, "log.txt"));
        Assert.Contains("initialised from", log);
        Assert.Contains("tail.0.2.weight", log);
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
