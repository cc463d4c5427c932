using System.Diagnostics;
using MlNetSr.Imaging;
using MlNetSr.Tests.Cli;
using Xunit;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// `mlnetsr upscale FOLDER` as a real child process killed with SIGKILL while it writes leaves only whole PNGs, and
/// reruns with --skip-existing finish the rest (removing the killed runs' temporary files); a write that hits a file
/// size limit (`ulimit -f`, the way a full disk fails a write) ends in one error line and leaves no file behind.
/// </summary>
public sealed class FolderCrashSafetyTests : IDisposable
{
    private const int Images = 24;
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-kill-").FullName;
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "mlnetsr.dll");
    private static string Model => TestData.Fixture("onnx/edsr_b2f16_x2.onnx");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_folder_run_killed_during_writes_leaves_whole_outputs_and_skip_existing_finishes_it()
    {
        string input = Path.Combine(folder, "in"), output = Path.Combine(folder, "out");
        var sizes = WriteInputs(input);
        var kills = new List<string>();
        // Kill three runs, each after 2 more outputs the moment a temporary file (an output being written) is seen, or
        // after 5 more outputs.
        for (int run = 0; run < 3; run++)
        {
            int before = Outputs(output).Count;
            using var process = Start("upscale", input, "-o", output, "--scale", "2", "--model", Model, "--tile", "24", "--skip-existing");
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                int written = Outputs(output).Count - before;
                if (written >= 2 && (Directory.EnumerateFiles(output, "*.tmp").Any() || written >= 5)) break;
                Thread.Sleep(1);
            }
            Assert.False(process.HasExited, $"run {run} finished before it could be killed ({Outputs(output).Count} outputs)");
            process.Kill();
            process.WaitForExit();
            kills.Add($"run {run}: killed with {Outputs(output).Count} outputs, {Directory.EnumerateFiles(output, "*.tmp").Count()} temporary");
            AssertWhole(output, sizes);
        }
        int kept = Outputs(output).Count;
        Assert.InRange(kept, 6, Images - 1);

        var rerun = CliProcess.RunLight("upscale", input, "-o", output, "--scale", "2", "--model", Model, "--tile", "24", "--skip-existing");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains($"{kept} of {Images} outputs existed already and were kept (--skip-existing)", rerun.Output);
        Assert.Equal(Images - kept, rerun.Output.Split('\n').Count(l => l.StartsWith('[')));
        Assert.Equal(Images, Outputs(output).Count);
        AssertWhole(output, sizes);
        Assert.Empty(Directory.EnumerateFiles(output, "*.tmp"));
        // What the interrupted runs wrote equals an uninterrupted run's pixels.
        string fresh = Path.Combine(folder, "fresh");
        Assert.Equal(0, CliProcess.RunLight("upscale", input, "-o", fresh, "--scale", "2", "--model", Model, "--tile", "24").ExitCode);
        foreach (var file in Outputs(fresh))
            Assert.Equal(ImageFile.Read(file).Data, ImageFile.Read(Path.Combine(output, Path.GetFileName(file))).Data);
    }

    [Fact]
    public async Task A_write_over_the_file_size_limit_is_one_error_line_and_leaves_no_file()
    {
        string input = Path.Combine(folder, "in"), output = Path.Combine(folder, "out");
        WriteInputs(input);
        // 16 KiB may be written per file: the outputs (40 KB and more) are not. SIGXFSZ is ignored, as a
        // service would, so the write fails with EFBIG instead of the signal killing the process.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The runtime's W^X double mapping sizes a memory file past any small limit and fails to start (HRESULT 0x8007000E).
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("trap '' XFSZ; ulimit -f 16; exec dotnet \"$@\"");
        start.ArgumentList.Add("bash");
        foreach (var argument in new[] { Cli, "upscale", input, "-o", output, "--scale", "2", "--model", Model }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        string error = await stderr, written = await stdout;
        var errorLines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, process.ExitCode);
        Assert.Single(errorLines, line => line.StartsWith("mlnetsr: error:", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(output, "image00.png") + ": cannot be written", error);
        Assert.Contains("too large for the file system", error); // EFBIG, as .NET words it
        Assert.Empty(Directory.EnumerateFiles(output));
        Assert.DoesNotContain("image01", written + error); // the run stopped at the first failed write
    }

    /// <summary>Images of 96x64 to 143x87  from the RGB fixture, tiled and shifted.</summary>
    private static Dictionary<string, (int, int)> WriteInputs(string input)
    {
        Directory.CreateDirectory(input);
        var rgb = ImageFile.Read(TestData.Fixture("images/rgb.png"));
        var sizes = new Dictionary<string, (int, int)>();
        var random = new Random(5);
        for (int i = 0; i < Images; i++)
        {
            int width = 96 + 2 * i, height = 64 + i;
            var image = new ByteImage(width, height, 3);
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        image.Data[(c * height + y) * width + x] = (byte)(rgb.Data[(c * rgb.Height + (y + i) % rgb.Height) * rgb.Width + (x * 7 + i) % rgb.Width] ^ random.Next(32));
            string name = $"image{i:D2}";
            ImageFile.WritePng(image, Path.Combine(input, name + ".png"));
            sizes[name + ".png"] = (2 * width, 2 * height);
        }
        return sizes;
    }

    private static List<string> Outputs(string output) =>
        Directory.Exists(output) ? Directory.EnumerateFiles(output, "*.png").ToList() : [];

    /// <summary>Every PNG in the output folder decodes completely at its expected size.</summary>
    private static void AssertWhole(string output, Dictionary<string, (int Width, int Height)> sizes)
    {
        foreach (var file in Outputs(output))
        {
            var image = ImageFile.Read(file);
            Assert.Equal(sizes[Path.GetFileName(file)], (image.Width, image.Height));
        }
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Cli);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
