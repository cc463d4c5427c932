using MlNetSr.Imaging;
using Xunit;

namespace MlNetSr.Tests.Imaging;

public class MatlabBicubicTests
{
    private static ByteImage Pattern(int width, int height, int channels)
    {
        var image = new ByteImage(width, height, channels);
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    image[c, y, x] = (byte)((7 * x + 13 * y + 101 * c + x * y) % 256);
        return image;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Downscale_then_upscale_gives_the_matlab_sizes(int scale)
    {
        var image = Pattern(17 * scale, 11 * scale, 3);
        var lr = MatlabBicubic.Downscale(image, scale);
        Assert.Equal((17, 11, 3), (lr.Width, lr.Height, lr.Channels));
        var sr = MatlabBicubic.Upscale(lr, scale);
        Assert.Equal((17 * scale, 11 * scale), (sr.Width, sr.Height));
    }

    [Fact]
    public void A_constant_image_stays_constant_at_every_scale()
    {
        var image = new ByteImage(23, 19, 1);
        Array.Fill(image.Data, (byte)173);
        foreach (var factor in new[] { ScaleFactor.Down(2), ScaleFactor.Down(3), ScaleFactor.Up(3), ScaleFactor.Of(0.7), ScaleFactor.Of(1.6) })
            Assert.All(MatlabBicubic.Resize(image, factor).Data, v => Assert.Equal(173, v));
    }

    [Fact]
    public void Upscale_by_3_copies_every_input_pixel_to_the_centre_of_its_block()
    {
        // The middle phase of x3 has the single weight 1.0 (SR_SPEC §4.1), in both passes.
        var lr = Pattern(13, 9, 3);
        var sr = MatlabBicubic.Upscale(lr, 3);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 9; y++)
                for (int x = 0; x < 13; x++)
                    Assert.Equal(lr[c, y, x], sr[c, 3 * y + 1, 3 * x + 1]);
    }

    [Fact]
    public void Uint8_resize_rounds_between_the_passes()
    {
        // Two passes in float would keep fractions; the uint8 path must equal its own float path rounded per pass.
        var image = Pattern(21, 15, 1);
        var viaBytes = MatlabBicubic.Resize(image, ScaleFactor.Of(0.6));
        var plane = image.Data.Select(v => (double)v).ToArray();
        var viaFloat = MatlabBicubic.ResizePlane(plane, 21, 15, ScaleFactor.Of(0.6), ScaleFactor.Of(0.6));
        Assert.Equal(viaFloat.Length, viaBytes.Data.Length);
        // Rounding after each pass keeps the results within one code value of the float path, and not identical to it.
        Assert.All(viaFloat.Zip(viaBytes.Data), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1.0));
        Assert.Contains(viaFloat.Zip(viaBytes.Data), p => Math.Abs(p.First - Math.Round(p.First)) > 1e-6);
    }

    [Fact]
    public void Rgb_planes_are_resized_independently()
    {
        var rgb = Pattern(16, 12, 3);
        var resized = MatlabBicubic.Downscale(rgb, 2);
        for (int c = 0; c < 3; c++)
        {
            var single = new ByteImage(16, 12, 1, rgb.Plane(c).ToArray());
            Assert.Equal(MatlabBicubic.Downscale(single, 2).Data, resized.Plane(c).ToArray());
        }
    }

    [Fact]
    public void Non_positive_factors_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleFactor.Of(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleFactor.Of(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleFactor.Up(0));
    }

    [Fact]
    public void ModCrop_keeps_the_top_left_multiple_of_the_scale()
    {
        var image = Pattern(31, 22, 3);
        var cropped = ModCrop.Apply(image, 4);
        Assert.Equal((28, 20), (cropped.Width, cropped.Height));
        Assert.Equal(image[2, 19, 27], cropped[2, 19, 27]);
        var error = Assert.Throws<InvalidImageException>(() => ModCrop.Apply(new ByteImage(3, 40, 1), 4, "tiny.png"));
        Assert.Contains("tiny.png", error.Message);
        Assert.Contains("3x40", error.Message);
    }
}
