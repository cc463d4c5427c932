using MlNetSr.Imaging;
using MlNetSr.Inference;
using Xunit;

namespace MlNetSr.Tests.Inference;

public class SuperResolverTests
{
    private static SrOnnxModel Cpu(int scale) => SrOnnxModel.Load(InferenceFixtures.Model(scale), new InferenceOptions { Device = ExecutionDevice.Cpu });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Onnx_runtime_reproduces_pytorchs_forward(int scale)
    {
        using var model = Cpu(scale);
        Assert.Equal(scale, model.Scale);
        Assert.Equal(8, model.ReceptiveField);
        var output = model.Run(InferenceFixtures.ReadFloats("in_19x23.bin"), 1, 19, 23);
        var expected = InferenceFixtures.ReadFloats($"out_edsr_b2f16_x{scale}.bin");
        Assert.Equal(expected.Length, output.Length);
        double maxDiff = expected.Zip(output).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(maxDiff <= 1e-3, $"max |ORT - PyTorch| = {maxDiff}");
    }

    [Theory]
    [InlineData(2, 32)]
    [InlineData(2, 48)]
    [InlineData(2, 100)]
    [InlineData(3, 32)]
    [InlineData(3, 48)]
    [InlineData(3, 100)]
    [InlineData(4, 32)]
    [InlineData(4, 48)]
    [InlineData(4, 100)]
    public void Tiled_output_equals_whole_image_output(int scale, int tile)
    {
        using var model = Cpu(scale);
        var image = InferenceFixtures.OddImage(111, 103);
        var whole = new SuperResolver(model, new InferenceOptions { TileSize = 512 }).Upscale(image);
        var tiled = new SuperResolver(model, new InferenceOptions { TileSize = tile }).Upscale(image);
        Assert.Equal((111 * scale, 103 * scale), (tiled.Width, tiled.Height));
        Assert.Equal(whole.Data, tiled.Data);
    }

    [Fact]
    public void A_margin_below_the_receptive_field_changes_the_output()
    {
        // Shows the exactness test above can fail: 2 LR pixels of context are too few for this network.
        using var model = Cpu(3);
        var image = InferenceFixtures.OddImage(111, 103);
        var whole = new SuperResolver(model, new InferenceOptions { TileSize = 512 }).Upscale(image);
        var narrow = new SuperResolver(model, new InferenceOptions { TileSize = 32, Margin = 2 }).Upscale(image);
        Assert.NotEqual(whole.Data, narrow.Data);
    }

    [Fact]
    public void Batched_tiles_give_the_same_pixels()
    {
        using var model = Cpu(2);
        var image = InferenceFixtures.OddImage(99, 71);
        var single = new SuperResolver(model, new InferenceOptions { TileSize = 32 }).Upscale(image);
        var batched = new SuperResolver(model, new InferenceOptions { TileSize = 32, TileBatch = 4 }).Upscale(image);
        Assert.Equal(single.Data, batched.Data);
    }

    [Fact]
    public void Self_ensemble_is_the_mean_of_the_eight_transformed_passes()
    {
        using var model = Cpu(3);
        var image = InferenceFixtures.OddImage(29, 22);
        var ensemble = new SuperResolver(model, new InferenceOptions { SelfEnsemble = true, TileSize = 512 }).Upscale(image);

        // By hand: transform the LR image, run it whole, transform the output back, average, round.
        int w = image.Width, h = image.Height, s = 3;
        var planes = image.Data.Select(v => (float)v).ToArray();
        var sum = new float[3 * h * s * w * s];
        foreach (var transform in Dihedral.All)
        {
            var (th, tw) = transform.OutputSize(h, w);
            var input = new float[planes.Length];
            transform.Apply(planes, 3, h, w, input);
            transform.AddInverse(model.Run(input, 1, th, tw), 3, h * s, w * s, sum);
        }
        var expected = sum.Select(v => PixelQuantizer.ToByte(v / 8)).ToArray();
        Assert.Equal(expected, ensemble.Data);
        var plain = new SuperResolver(model, new InferenceOptions { TileSize = 512 }).Upscale(image);
        Assert.NotEqual(plain.Data, ensemble.Data);
    }

    [Fact]
    public void Tiled_self_ensemble_equals_whole_image_self_ensemble()
    {
        using var model = Cpu(2);
        var image = InferenceFixtures.OddImage(53, 47);
        var whole = new SuperResolver(model, new InferenceOptions { SelfEnsemble = true, TileSize = 512 }).Upscale(image);
        var tiled = new SuperResolver(model, new InferenceOptions { SelfEnsemble = true, TileSize = 20 }).Upscale(image);
        Assert.Equal(whole.Data, tiled.Data);
    }

    [Fact]
    public void One_engine_serves_concurrent_callers()
    {
        using var model = Cpu(2);
        var resolver = new SuperResolver(model, new InferenceOptions { TileSize = 24 });
        var images = Enumerable.Range(0, 4).Select(i => InferenceFixtures.OddImage(37 + i, 29 + 2 * i)).ToArray();
        var sequential = images.Select(i => resolver.Upscale(i).Data).ToArray();
        var parallel = new byte[images.Length][];
        Parallel.For(0, images.Length, i => parallel[i] = resolver.Upscale(images[i]).Data);
        for (int i = 0; i < images.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void Gray_input_is_upscaled_as_rgb()
    {
        using var model = Cpu(2);
        var rgb = InferenceFixtures.OddImage(21, 17);
        var gray = new ByteImage(21, 17, 1, rgb.Plane(0).ToArray());
        var result = new SuperResolver(model).Upscale(gray);
        Assert.Equal(3, result.Channels);
        Assert.Equal(new SuperResolver(model).Upscale(gray.ToRgb()).Data, result.Data);
    }

    [Fact]
    public void Cuda_without_a_gpu_fails_with_one_clear_line_and_auto_falls_back_to_the_cpu()
    {
        using var auto = SrOnnxModel.Load(InferenceFixtures.Model(2), new InferenceOptions { Device = ExecutionDevice.Auto });
        if (auto.Provider.StartsWith("CUDA", StringComparison.Ordinal)) return; // a GPU machine: nothing to fall back from
        Assert.StartsWith("CPU", auto.Provider);
        var error = Assert.Throws<DeviceUnavailableException>(() =>
            SrOnnxModel.Load(InferenceFixtures.Model(2), new InferenceOptions { Device = ExecutionDevice.Cuda }));
        Assert.StartsWith("CUDA was requested but cannot be used", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_model_of_another_scale_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => SrOnnxModel.Load(InferenceFixtures.Model(2), new InferenceOptions { Device = ExecutionDevice.Cpu }, expectedScale: 3));
        Assert.Contains("edsr_b2f16_x2.onnx", error.Message);
        Assert.Contains("x3", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => SrOnnxModel.Load(TestData.Fixture("images/rgb.png")));
        Assert.Contains("rgb.png", error.Message);
    }

    [Fact]
    public void The_tile_plan_covers_every_pixel_once()
    {
        var tiles = TilePlan.For(101, 37, 32, 9);
        var covered = new int[101 * 37];
        Assert.Single(tiles.Select(t => (t.RegionWidth, t.RegionHeight)).Distinct());
        foreach (var t in tiles)
        {
            // The core has the margin of context on each side, or reaches the true border.
            Assert.True(t.RegionX == 0 || t.RegionX <= t.CoreX - 9);
            Assert.True(t.RegionX + t.RegionWidth == 101 || t.RegionX + t.RegionWidth >= t.CoreX + t.CoreWidth + 9);
            Assert.True(t.RegionY == 0 || t.RegionY <= t.CoreY - 9);
            Assert.True(t.RegionY + t.RegionHeight == 37 || t.RegionY + t.RegionHeight >= t.CoreY + t.CoreHeight + 9);
            for (int y = t.CoreY; y < t.CoreY + t.CoreHeight; y++)
                for (int x = t.CoreX; x < t.CoreX + t.CoreWidth; x++) covered[y * 101 + x]++;
        }
        Assert.All(covered, c => Assert.Equal(1, c));
    }
}
