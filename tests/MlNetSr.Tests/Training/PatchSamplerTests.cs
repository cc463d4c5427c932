using MlNetSr.Imaging;
using MlNetSr.Trainer.Training;
using Xunit;

namespace MlNetSr.Tests.Training;

public sealed class PatchSamplerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-sampler-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // HR made by repeating every LR pixel in a scale x scale block, so an aligned HR patch is the block copy of its
    // LR patch under every flip and transpose.
    private static (ByteImage Hr, ByteImage Lr) BlockPair(int width, int height, int scale)
    {
        var lr = new ByteImage(width, height, 3);
        for (int i = 0; i < lr.Data.Length; i++) lr.Data[i] = (byte)(i * 31 % 251);
        var hr = new ByteImage(width * scale, height * scale, 3);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < hr.Height; y++)
                for (int x = 0; x < hr.Width; x++)
                    hr[c, y, x] = lr[c, y / scale, x / scale];
        return (hr, lr);
    }

    private TrainingSet WriteSet(int scale, params (int Width, int Height)[] sizes)
    {
        string hrFolder = Path.Combine(folder, $"hr{scale}"), lrFolder = Path.Combine(folder, $"lr{scale}");
        Directory.CreateDirectory(hrFolder);
        Directory.CreateDirectory(lrFolder);
        for (int i = 0; i < sizes.Length; i++)
        {
            var (hr, lr) = BlockPair(sizes[i].Width, sizes[i].Height, scale);
            ImageFile.WritePng(hr, Path.Combine(hrFolder, $"img{i}.png"));
            ImageFile.WritePng(lr, Path.Combine(lrFolder, $"img{i}x{scale}.png"));
        }
        return TrainingSet.Load(hrFolder, [scale], 8, lrFolder);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Hr_patches_stay_aligned_with_their_lr_patches_under_augmentation(int scale)
    {
        var set = WriteSet(scale, (21, 17), (9, 30));
        var sampler = new PatchSampler(set, [scale], batchSize: 6, lowResolutionPatch: 8, augment: true, new SamplerRandom(5));
        for (int draw = 0; draw < 20; draw++)
        {
            var batch = sampler.Next();
            int p = 8, hp = 8 * scale;
            for (int b = 0; b < batch.Count; b++)
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < hp; y++)
                        for (int x = 0; x < hp; x++)
                            Assert.Equal(batch.LowResolution[((b * 3 + c) * p + y / scale) * p + x / scale],
                                         batch.HighResolution[((b * 3 + c) * hp + y) * hp + x]);
        }
    }

    [Fact]
    public void The_eight_dihedral_transforms_all_occur()
    {
        // A patch as large as the image: the only randomness left is the transform.
        var set = WriteSet(2, (8, 8));
        var sampler = new PatchSampler(set, [2], batchSize: 1, lowResolutionPatch: 8, augment: true, new SamplerRandom(11));
        var seen = new HashSet<string>();
        for (int i = 0; i < 400; i++) seen.Add(string.Join(",", sampler.Next().LowResolution.Take(64)));
        Assert.Equal(8, seen.Count);
        var plain = new PatchSampler(set, [2], 1, 8, augment: false, new SamplerRandom(11));
        Assert.Single(Enumerable.Range(0, 50).Select(_ => string.Join(",", plain.Next().LowResolution.Take(64))).Distinct());
    }

    [Fact]
    public void Dihedral_copy_flips_then_transposes()
    {
        var image = new ByteImage(3, 3, 3);
        for (int i = 0; i < 9; i++) for (int c = 0; c < 3; c++) image.Data[c * 9 + i] = (byte)i; // rows: 0 1 2 / 3 4 5 / 6 7 8
        float[] Copy(bool h, bool v, bool t)
        {
            var target = new float[27];
            PatchSampler.Copy(image, 0, 0, 3, new Dihedral(h, v, t), target);
            return target[..9];
        }
        Assert.Equal([2, 1, 0, 5, 4, 3, 8, 7, 6], Copy(true, false, false));
        Assert.Equal([6, 7, 8, 3, 4, 5, 0, 1, 2], Copy(false, true, false));
        Assert.Equal([0, 3, 6, 1, 4, 7, 2, 5, 8], Copy(false, false, true));
        Assert.Equal([8, 5, 2, 7, 4, 1, 6, 3, 0], Copy(true, true, true));
    }

    [Fact]
    public void Images_smaller_than_the_patch_are_skipped_and_counted()
    {
        var set = WriteSet(2, (20, 20), (7, 30));
        Assert.Single(set.PairsFor(2));
        Assert.Single(set.Skipped);
        Assert.Contains("img1.png", set.Skipped[0]);
    }

    [Fact]
    public void A_paired_lr_image_of_the_wrong_size_is_refused_with_both_sizes()
    {
        string hrFolder = Path.Combine(folder, "hr"), lrFolder = Path.Combine(folder, "lr");
        Directory.CreateDirectory(hrFolder);
        Directory.CreateDirectory(lrFolder);
        var (hr, _) = BlockPair(10, 10, 2);
        ImageFile.WritePng(hr, Path.Combine(hrFolder, "a.png"));
        ImageFile.WritePng(new ByteImage(9, 10, 3), Path.Combine(lrFolder, "a.png"));
        var error = Assert.Throws<InvalidImageException>(() => TrainingSet.Load(hrFolder, [2], 8, lrFolder));
        Assert.Contains("9x10", error.Message);
        Assert.Contains("10x10", error.Message);
    }

    [Fact]
    public void Bicubic_lr_is_cached_once_and_reused()
    {
        string hrFolder = Path.Combine(folder, "hr-cache"), cache = Path.Combine(folder, "cache");
        Directory.CreateDirectory(hrFolder);
        File.Copy(TestData.Fixture("images/rgb.png"), Path.Combine(hrFolder, "rgb.png"));
        var first = TrainingSet.Load(hrFolder, [2], 8, cacheFolder: cache);
        var cached = Directory.GetFiles(Path.Combine(cache, "x2"));
        Assert.Single(cached);
        var stamp = File.GetLastWriteTimeUtc(cached[0]);
        var second = TrainingSet.Load(hrFolder, [2], 8, cacheFolder: cache);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(cached[0]));
        Assert.Equal(first.PairsFor(2)[0].LowResolution.Data, second.PairsFor(2)[0].LowResolution.Data);
        Assert.Equal(MatlabBicubic.Downscale(ImageFile.Read(Path.Combine(hrFolder, "rgb.png")), 2).Data, second.PairsFor(2)[0].LowResolution.Data);
    }

    [Fact]
    public void The_sampler_state_round_trips()
    {
        var random = new SamplerRandom(42);
        for (int i = 0; i < 10; i++) random.NextUInt64();
        var copy = SamplerRandom.FromState(random.State);
        Assert.Equal(Enumerable.Range(0, 20).Select(_ => random.NextInt(1000)), Enumerable.Range(0, 20).Select(_ => copy.NextInt(1000)));
    }
}
