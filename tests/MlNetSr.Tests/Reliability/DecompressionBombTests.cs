using System.Buffers.Binary;
using MlNetSr.Imaging;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// Small files whose headers declare huge images are refused from the header alone, with the size in the message,
/// before any pixel buffer exists; the limit is ImageReadOptions.MaxInputPixels (CLI: --max-pixels).
/// </summary>
public sealed class DecompressionBombTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-bomb-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string> Formats => new() { ".png", ".jpg", ".bmp" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_header_declaring_30000x30000_is_refused_with_its_size_before_any_pixel_buffer(string extension)
    {
        string path = Write("bomb" + extension, Bomb(extension, 30000, 30000));
        Assert.True(new FileInfo(path).Length < 2000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(path, error.Message);
        Assert.Contains("30000x30000", error.Message);
        Assert.Contains("--max-pixels", error.Message);
        // The RGBA buffer alone would be 3.6 GB; the refusal costs the file, the exception and the message.
        Assert.True(allocated < 1 << 20, $"{allocated:N0} bytes allocated");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void ReadSize_screens_a_file_from_its_header_without_decoding(string extension)
    {
        string path = Write("bomb" + extension, Bomb(extension, 12000, 12000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.ReadSize(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("12000x12000", error.Message);
        Assert.Equal((12000, 12000), ImageFile.ReadSize(path, new ImageReadOptions { MaxInputPixels = 12000L * 12000 }));
        Assert.Equal((30, 20), ImageFile.ReadSize(TestData.Fixture("images/rgb" + extension)));
        Assert.Contains("not a PNG, BMP or JPEG", Assert.Throws<InvalidImageException>(() => ImageFile.ReadSize(TestData.Fixture("images/not_an_image.png"))).Message);
        Assert.Contains("empty", Assert.Throws<InvalidImageException>(() => ImageFile.ReadSize(TestData.Fixture("images/empty.png"))).Message);
    }

    [Fact]
    public void A_raised_limit_still_refuses_what_no_decode_buffer_can_hold()
    {
        string path = Write("bomb.png", Bomb(".png", 30000, 30000));
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.Read(path, new ImageReadOptions { MaxInputPixels = long.MaxValue }));
        Assert.Contains("30000x30000", error.Message);
        Assert.Contains("one decode buffer", error.Message);
    }

    [Fact]
    public void The_limit_is_exact_and_applies_to_real_images()
    {
        string rgb = TestData.Fixture("images/rgb.png"); // 30x20
        Assert.Equal(30, ImageFile.Read(rgb, new ImageReadOptions { MaxInputPixels = 600 }).Width);
        var error = Assert.Throws<InvalidImageException>(() => ImageFile.Read(rgb, new ImageReadOptions { MaxInputPixels = 599 }));
        Assert.Contains("30x20", error.Message);
        Assert.Contains("599", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageReadOptions { MaxInputPixels = 0 });
    }

    [Fact]
    public void The_cli_refuses_a_bomb_in_one_line_and_max_pixels_raises_or_lowers_the_limit()
    {
        string bomb = Write("bomb.png", Bomb(".png", 20000, 20000)), output = Path.Combine(folder, "out.png");
        string model = TestData.Fixture("onnx/edsr_b2f16_x2.onnx");
        var refused = CliProcess.RunLight("upscale", bomb, "-o", output, "--scale", "2", "--model", model);
        Assert.Equal(2, refused.ExitCode);
        Assert.Single(refused.ErrorLines, l => l.StartsWith("mlnetsr: error:", StringComparison.Ordinal));
        Assert.Contains("20000x20000", refused.Error);
        Assert.False(File.Exists(output));

        var lowered = CliProcess.RunLight("upscale", TestData.Fixture("images/rgb.png"), "-o", output, "--scale", "2", "--model", model, "--max-pixels", "599");
        Assert.Equal(2, lowered.ExitCode);
        Assert.Contains("30x20", lowered.Error);
        var raised = CliProcess.RunLight("upscale", TestData.Fixture("images/rgb.png"), "-o", output, "--scale", "2", "--model", model, "--max-pixels", "600");
        Assert.True(raised.ExitCode == 0, raised.Error);
        Assert.Equal(60, ImageFile.Read(output).Width);
        var zero = CliProcess.RunLight("upscale", bomb, "-o", output, "--scale", "2", "--model", model, "--max-pixels", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--max-pixels 0", zero.Error);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A valid small file of the format with its declared size rewritten to width x height.</summary>
    public static byte[] Bomb(string extension, int width, int height)
    {
        switch (extension)
        {
            case ".png":
                {
                    var bytes = File.ReadAllBytes(TestData.Fixture("images/rgb.png"));
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(12, 17)));
                    return bytes;
                }
            case ".jpg":
                {
                    var bytes = File.ReadAllBytes(TestData.Fixture("images/rgb.jpg"));
                    int sof = Enumerable.Range(2, bytes.Length - 10).First(i => bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2);
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), (ushort)height);
                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), (ushort)width);
                    return bytes;
                }
            default:
                {
                    var bytes = File.ReadAllBytes(TestData.Fixture("images/rgb.bmp"));
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
                    return bytes;
                }
        }
    }
}
