using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;
using Xunit;

namespace MlNetSr.Tests.Training;

/// <summary>Validation on held-out training images (issue #18) and the cosine warm-restart schedule.</summary>
public sealed class HoldOutAndScheduleTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-holdout-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly ModelConfig TinyEdsr = new(SrArchitecture.Edsr, 1, 8, 1.0, [2]);

    // Eight real T91 images in two sub-folders, like the shared train/ root (copied to a temporary folder only).
    private string TrainingRoot()
    {
        string root = Path.Combine(folder, "train");
        var files = Directory.GetFiles(TestData.Train("T91")).Order(StringComparer.Ordinal).Take(8).ToList();
        for (int i = 0; i < files.Count; i++)
        {
            string sub = Path.Combine(root, i < 4 ? "a" : "b");
            Directory.CreateDirectory(sub);
            File.Copy(files[i], Path.Combine(sub, Path.GetFileName(files[i])));
        }
        return root;
    }

    private static IReadOnlyList<string> Relative(string root, int count) =>
        Directory.GetFiles(Path.Combine(root, "b")).Order(StringComparer.Ordinal).Take(count)
            .Select(f => Path.GetRelativePath(root, f)).ToList();

    private TrainingOptions Options(string root, string run, int iterations) => new()
    {
        Model = TinyEdsr,
        HighResolutionFolder = root,
        OutputFolder = Path.Combine(folder, run),
        Iterations = iterations,
        BatchSize = 2,
        LowResolutionPatch = 16,
        LearningRate = 1e-3,
        LogEvery = 5,
        ValidateEvery = 5,
        CheckpointEvery = 5,
        Seed = 3,
        Threads = 1,
    };

    [DataFact]
    public void Held_out_images_are_left_out_of_the_patch_sampler()
    {
        string root = TrainingRoot();
        var held = Relative(root, 2);
        var all = TrainingSet.Load(root, [2], 16);
        var rest = TrainingSet.Load(root, [2], 16, holdOut: held);
        var names = rest.PairsFor(2).Select(p => p.Name).ToHashSet();
        Assert.Equal(all.PairsFor(2).Count - 2, rest.PairsFor(2).Count);
        Assert.All(held, h => Assert.DoesNotContain(Path.GetFileName(h), names));
    }

    [DataFact]
    public void A_run_validates_on_its_held_out_images_and_a_resumed_run_switches_to_them()
    {
        string root = TrainingRoot();
        // First 10 iterations scored on a benchmark folder, as the default-model runs were...
        var first = Options(root, "run", 10) with { ValidationFolder = TestData.Benchmark("Set5") };
        var before = new SrTrainer(first).Run();
        before.Network.Dispose();
        Assert.Equal("Set5", before.State.ValidationSet);

        // ...then resumed onto held-out training images: the best starts afresh on them.
        var held = Relative(root, 2);
        var resumed = first with { ValidationFolder = null, HoldOut = held, Iterations = 20, Resume = true };
        var after = new SrTrainer(resumed).Run();
        after.Network.Dispose();
        Assert.Equal($"{HoldOutSet.Name} 2 images", after.State.ValidationSet);
        var heldPoints = after.State.Validations.Where(v => v.Iteration > 10).ToList();
        Assert.Equal(2, heldPoints.Count);
        Assert.Equal(heldPoints.Max(v => v.Psnr), after.State.BestPsnr);
        Assert.True(after.State.BestIteration > 10, $"best chosen at {after.State.BestIteration}, before the switch");
        string log = File.ReadAllText(Path.Combine(first.OutputFolder, "log.txt"));
        Assert.Contains("validation set changed from Set5 to held-out 2 images", log);
        Assert.Contains("(2 held out for validation)", log);
    }

    [DataFact]
    public void A_missing_held_out_image_or_two_validation_sets_are_refused_by_name()
    {
        string root = TrainingRoot();
        var missing = Options(root, "missing", 5) with { HoldOut = ["b/nope.bmp"] };
        var error = Assert.Throws<FileNotFoundException>(missing.Validate);
        Assert.Contains("b/nope.bmp", error.Message);
        var both = Options(root, "both", 5) with { HoldOut = Relative(root, 1), ValidationFolder = TestData.Benchmark("Set5") };
        Assert.Contains("--hold-out and --valid", Assert.Throws<ArgumentException>(both.Validate).Message);
    }

    [Fact]
    public void The_list_file_skips_comments_and_refuses_repeats()
    {
        string list = Path.Combine(folder, "list.txt");
        File.WriteAllLines(list, ["# held out", "", "BSD200/1.png", "  BSD200/2.png  "]);
        Assert.Equal(["BSD200/1.png", "BSD200/2.png"], HoldOutSet.ReadList(list));
        File.WriteAllLines(list, ["BSD200/1.png", "BSD200/1.png"]);
        Assert.Contains("listed twice", Assert.Throws<InvalidDataException>(() => HoldOutSet.ReadList(list)).Message);
    }

    [Fact]
    public void The_cosine_restarts_at_the_given_rate_and_ends_at_the_minimum()
    {
        var options = new TrainingOptions
        {
            Model = TinyEdsr, HighResolutionFolder = ".", OutputFolder = ".",
            Iterations = 3000, LearningRate = 2e-4, MinLearningRate = 1e-6,
            Schedule = LearningRateSchedule.Cosine, CosineFrom = 1000,
        };
        Assert.Equal(2e-4, options.LearningRateAt(0), 12);
        Assert.Equal(2e-4, options.LearningRateAt(1000), 12);
        Assert.Equal((2e-4 + 1e-6) / 2, options.LearningRateAt(2000), 12); // half-way: the mean of the two ends
        Assert.Equal(1e-6, options.LearningRateAt(3000), 12);
        for (int i = 1001; i < 3000; i += 97)
            Assert.True(options.LearningRateAt(i) < options.LearningRateAt(i - 1), $"not falling at {i}");
        Assert.Contains("cosine from 1000", options.DescribeSchedule());
    }

    [Fact]
    public void Cosine_options_out_of_range_are_refused()
    {
        var cosine = new TrainingOptions
        {
            Model = TinyEdsr, HighResolutionFolder = ".", OutputFolder = ".",
            Iterations = 100, Schedule = LearningRateSchedule.Cosine,
        };
        Assert.Throws<ArgumentOutOfRangeException>((cosine with { CosineFrom = 100 }).Validate);
        Assert.Throws<ArgumentOutOfRangeException>((cosine with { MinLearningRate = 1 }).Validate);
        Assert.Throws<ArgumentException>((cosine with { DecayAt = [50] }).Validate);
    }
}
