using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;
using Xunit;

namespace MlNetSr.Tests.Training;

/// <summary>Scale augmentation (issue #18): every training image also enters shrunk by each factor with the MATLAB bicubic.</summary>
public sealed class DownscaledCopiesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-copies-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // Three real T91 images (copied to a temporary folder only).
    private string ThreeImages()
    {
        string root = Path.Combine(folder, "hr");
        Directory.CreateDirectory(root);
        foreach (var file in Directory.GetFiles(TestData.Train("T91")).Where(ImageFile.HasImageExtension).Order(StringComparer.Ordinal).Take(3))
            File.Copy(file, Path.Combine(root, Path.GetFileName(file)));
        return root;
    }

    [DataFact]
    public void Each_copy_is_the_matlab_shrink_of_its_image_and_its_lr_is_made_from_the_copy()
    {
        string root = ThreeImages();
        var set = TrainingSet.Load(root, [2], 8, downscaledCopies: [0.5, 0.75]);
        var pairs = set.PairsFor(2);
        Assert.Equal(9, pairs.Count);

        string first = Directory.GetFiles(root).Order(StringComparer.Ordinal).First();
        var original = ImageFile.Read(first).ToRgb();
        var copy = Assert.Single(pairs, p => p.Name == Path.GetFileName(first) + "@0.75");
        var expectedHr = ModCrop.Apply(MatlabBicubic.Resize(original, ScaleFactor.Of(0.75)), 2, first);
        Assert.Equal(expectedHr.Width, copy.HighResolution.Width);
        Assert.Equal(expectedHr.Height, copy.HighResolution.Height);
        Assert.Equal(expectedHr.Data, copy.HighResolution.Data);
        Assert.Equal(MatlabBicubic.Downscale(expectedHr, 2).Data, copy.LowResolution.Data);
        Assert.InRange(copy.HighResolution.Width, original.Width * 3 / 4 - 2, original.Width * 3 / 4 + 1);

        var plain = Assert.Single(pairs, p => p.Name == Path.GetFileName(first));
        Assert.Equal(ModCrop.Apply(original, 2, first).Data, plain.HighResolution.Data);
    }

    [DataFact]
    public void Copies_have_their_own_cache_entries_and_are_read_back_from_them()
    {
        string root = ThreeImages(), cache = Path.Combine(folder, "cache");
        var first = TrainingSet.Load(root, [2], 8, cacheFolder: cache, downscaledCopies: [0.6]);
        var cached = Directory.GetFiles(Path.Combine(cache, "x2"));
        Assert.Equal(6, cached.Length);
        Assert.Equal(3, cached.Count(f => Path.GetFileName(f).Contains("@0.6-")));
        var stamps = cached.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = TrainingSet.Load(root, [2], 8, cacheFolder: cache, downscaledCopies: [0.6]);
        Assert.All(cached, f => Assert.Equal(stamps[f], File.GetLastWriteTimeUtc(f)));
        Assert.Equal(first.PairsFor(2).Select(p => p.LowResolution.Data), second.PairsFor(2).Select(p => p.LowResolution.Data));
    }

    [DataFact]
    public void Copies_too_small_for_the_patch_are_skipped_by_name()
    {
        string root = ThreeImages();
        var set = TrainingSet.Load(root, [4], 32, downscaledCopies: [0.1]);
        Assert.Equal(3, set.PairsFor(4).Count(p => !p.Name.Contains('@')));
        Assert.DoesNotContain(set.PairsFor(4), p => p.Name.Contains('@'));
        Assert.Equal(3, set.Skipped.Count(s => s.Contains("@0.1 (x4: LR")));
    }

    [Theory]
    [InlineData(1.0, "above 0 and below 1")]
    [InlineData(0.0, "above 0 and below 1")]
    [InlineData(1.5, "above 0 and below 1")]
    [InlineData(double.NaN, "above 0 and below 1")]
    public void A_factor_outside_zero_to_one_is_refused_by_name(double factor, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Options([0.8, factor]).Validate());
        Assert.Contains("--downscale-copies", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_repeated_factor_and_paired_lr_images_are_refused()
    {
        var twice = Assert.Throws<ArgumentOutOfRangeException>(() => Options([0.8, 0.8]).Validate());
        Assert.Contains("given twice", twice.Message);
        var paired = Assert.Throws<ArgumentException>(() => (Options([0.8]) with { LowResolutionFolder = folder }).Validate());
        Assert.Contains("--lr-data", paired.Message);
    }

    private TrainingOptions Options(IReadOnlyList<double> factors) => new()
    {
        Model = new ModelConfig(SrArchitecture.Edsr, 1, 8, 1.0, [2]),
        HighResolutionFolder = folder,
        OutputFolder = Path.Combine(folder, "run"),
        DownscaleCopies = factors,
    };
}
