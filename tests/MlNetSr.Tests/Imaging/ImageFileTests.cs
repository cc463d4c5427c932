using MlNetSr.Imaging;
using Xunit;

namespace MlNetSr.Tests.Imaging;

/// <summary>Reads the Pillow-written files of Fixtures/images (make_images.py): rgb[y, x, c] = (7x + 13y + 101c) mod 256.</summary>
public class ImageFileTests
{
    private static string Image(string name) => TestData.Fixture("images/" + name);

    private static byte Expected(int x, int y, int c) => (byte)((7 * x + 13 * y + 101 * c) % 256);

    private static void AssertPattern(ByteImage image, int channels)
    {
        Assert.Equal((30, 20, channels), (image.Width, image.Height, image.Channels));
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < 20; y++)
                for (int x = 0; x < 30; x++)
                    Assert.Equal(Expected(x, y, c), image[c, y, x]);
    }

    [Theory]
    [InlineData("rgb.png")]
    [InlineData("rgb.bmp")]
    [InlineData("rgba_opaque.png")]
    public void Lossless_rgb_files_decode_to_the_exact_pixels_in_rgb_order(string file) => AssertPattern(ImageFile.Read(Image(file)), 3);

    [Fact]
    public void Jpeg_decodes_close_to_the_source()
    {
        var image = ImageFile.Read(Image("rgb.jpg"));
        Assert.Equal((30, 20, 3), (image.Width, image.Height, image.Channels));
        double meanError = 0;
        for (int c = 0; c < 3; c++) for (int y = 0; y < 20; y++) for (int x = 0; x < 30; x++) meanError += Math.Abs(image[c, y, x] - Expected(x, y, c));
        Assert.InRange(meanError / 1800, 0, 20);
    }

    [Theory]
    [InlineData("gray.png")]
    [InlineData("gray.jpg")]
    public void Gray_files_become_one_plane(string file)
    {
        var image = ImageFile.Read(Image(file));
        Assert.Equal(1, image.Channels);
        if (file.EndsWith(".png")) AssertPattern(image, 1);
    }

    [Fact]
    public void Sixteen_bit_png_is_refused_by_default_and_reduced_on_request()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.Read(Image("gray16.png")));
        Assert.Contains("gray16.png", error.Message);
        Assert.Contains("16-bit", error.Message);
        var reduced = ImageFile.Read(Image("gray16.png"), new ImageReadOptions { HighBitDepth = HighBitDepthPolicy.RoundTo8Bit });
        AssertPattern(reduced, 1);
    }

    [Fact]
    public void Transparent_alpha_is_refused_by_default_and_dropped_on_request()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.Read(Image("rgba_transparent.png")));
        Assert.Contains("rgba_transparent.png", error.Message);
        Assert.Contains("transparent", error.Message);
        AssertPattern(ImageFile.Read(Image("rgba_transparent.png"), new ImageReadOptions { Alpha = AlphaPolicy.Discard }), 3);
    }

    [Theory]
    [InlineData("empty.png", "empty")]
    [InlineData("truncated.png", "corrupt")]
    [InlineData("not_an_image.png", "not a PNG, BMP or JPEG")]
    [InlineData("rgb.gif", "only PNG, BMP and JPEG")]
    [InlineData("missing.png", "not found")]
    public void Bad_files_are_refused_with_their_name(string file, string problem)
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.Read(Image(file)));
        Assert.Contains(file, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Png_round_trips_rgb_and_gray_exactly()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetsr-io-").FullName;
        try
        {
            foreach (var source in new[] { "rgb.png", "gray.png" })
            {
                var image = ImageFile.Read(Image(source));
                string path = Path.Combine(folder, "out-" + source);
                ImageFile.WritePng(image, path);
                var back = ImageFile.Read(path);
                Assert.Equal(image.Channels, back.Channels);
                Assert.Equal(image.Data, back.Data);
            }
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
