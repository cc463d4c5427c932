using System.Text.Json;
using MlNetSr.Imaging;
using MlNetSr.Metrics;
using Xunit;

namespace MlNetSr.Tests.Metrics;

public class MetricTests
{
    [Theory]
    [InlineData(255, 255, 255, 235)]
    [InlineData(0, 0, 0, 16)]
    [InlineData(255, 0, 0, 81)]   // 16 + 65.481 = 81.481
    [InlineData(0, 255, 0, 145)]  // 16 + 128.553 = 144.553
    [InlineData(0, 0, 255, 41)]   // 16 + 24.966 = 40.966
    public void Y_uses_matlab_bt601_constants_and_rounds(byte r, byte g, byte b, double expected)
    {
        var image = new ByteImage(1, 1, 3, [r, g, b]);
        Assert.Equal(expected, ColorConversion.RgbToY(image)[0]);
    }

    [Fact]
    public void Unrounded_y_keeps_the_fraction()
    {
        var image = new ByteImage(1, 1, 3, [255, 0, 0]);
        Assert.Equal(81.481, ColorConversion.RgbToY(image, LumaRounding.Unrounded)[0], 9);
    }

    [Fact]
    public void Psnr_follows_its_definition_and_is_infinite_for_identical_planes()
    {
        double[] a = [10, 20, 30, 40];
        double[] b = [12, 20, 30, 38]; // MSE = (4 + 4) / 4 = 2
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 2), Psnr.Compute([a], [b]), 12);
        Assert.Equal(double.PositiveInfinity, Psnr.Compute([a], [a]));
    }

    [Fact]
    public void Ssim_matches_scikit_image_on_the_golden_pairs()
    {
        var cases = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("ssim/ssim.json"))).RootElement;
        Assert.True(cases.GetArrayLength() >= 4);
        foreach (var item in cases.EnumerateArray())
        {
            var a = ImageFile.Read(TestData.Fixture("ssim/" + item.GetProperty("a").GetString()));
            var b = ImageFile.Read(TestData.Fixture("ssim/" + item.GetProperty("b").GetString()));
            double ours = 0;
            for (int c = 0; c < a.Channels; c++)
                ours += Ssim.Compute(ToDouble(a.Plane(c)), ToDouble(b.Plane(c)), a.Width, a.Height);
            ours /= a.Channels;
            Assert.InRange(ours - item.GetProperty("ssim").GetDouble(), -1e-9, 1e-9);
        }
    }

    [Fact]
    public void Ssim_of_an_image_with_itself_is_one()
    {
        var plane = Enumerable.Range(0, 30 * 20).Select(i => (double)(i * 37 % 251)).ToArray();
        Assert.Equal(1.0, Ssim.Compute(plane, plane, 30, 20), 12);
    }

    [Fact]
    public void Quality_shaves_the_border_before_measuring()
    {
        var truth = new ByteImage(40, 40, 3);
        var output = new ByteImage(40, 40, 3);
        // Differences only inside the 4-pixel border are invisible at scale 4.
        for (int c = 0; c < 3; c++) for (int i = 0; i < 40; i++) { output[c, i, 0] = 200; output[c, 3, i] = 90; }
        Assert.Equal(double.PositiveInfinity, ImageQuality.Measure(truth, output, 4).Psnr);
        Assert.True(double.IsFinite(ImageQuality.Measure(truth, output, 4, EvaluationProtocol.Paper with { Shave = 0 }).Psnr));
    }

    [Fact]
    public void Gray_ground_truth_policies_differ_by_the_luma_range()
    {
        var truth = new ByteImage(30, 30, 1);
        var output = new ByteImage(30, 30, 3);
        for (int i = 0; i < truth.Data.Length; i++) truth.Data[i] = (byte)(i % 200);
        for (int c = 0; c < 3; c++) for (int i = 0; i < 900; i++) output.Data[c * 900 + i] = (byte)(i % 200 + (i % 7 == 0 ? 10 : 0));
        var own = ImageQuality.Measure(truth, output, 2);
        var replicated = ImageQuality.Measure(truth, output, 2, EvaluationProtocol.Paper with { Grayscale = GrayscalePolicy.ReplicateToRgb, LumaRounding = LumaRounding.Unrounded });
        // Y of a gray image scales differences by 219/255: PSNR grows by 20 log10(255/219) = 1.32 dB.
        Assert.Equal(20 * Math.Log10(255.0 / 219), replicated.Psnr - own.Psnr, 3);
    }

    [Fact]
    public void Mismatched_or_too_small_images_are_refused_with_their_sizes()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageQuality.Measure(new ByteImage(30, 30, 3), new ByteImage(30, 31, 3), 2, name: "a.png"));
        Assert.Contains("30x31", error.Message);
        Assert.Contains("a.png", error.Message);
        Assert.Throws<InvalidImageException>(() => ImageQuality.Measure(new ByteImage(16, 16, 3), new ByteImage(16, 16, 3), 4));
    }

    private static double[] ToDouble(ReadOnlySpan<byte> plane)
    {
        var values = new double[plane.Length];
        for (int i = 0; i < plane.Length; i++) values[i] = plane[i];
        return values;
    }
}
