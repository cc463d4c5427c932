using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Bench;

/// <summary>
/// Speed of the MATLAB bicubic on a DIV2K-sized RGB frame (2040x1356): x1/4 down (the LR generation of training)
/// and x4 up (the bicubic baseline). Megapixels per second are counted on the larger side of each resize
/// (the HR image), the median of several timed runs after a warm-up.
/// </summary>
public static class BicubicBenchmark
{
    private const int Width = 2040, Height = 1356, Runs = 7;

    public static string Run(string dataFolder)
    {
        var frame = MakeFrame(dataFolder);
        var small = MatlabBicubic.Downscale(frame, 4);
        double down = MedianSeconds(() => MatlabBicubic.Downscale(frame, 4));
        double up = MedianSeconds(() => MatlabBicubic.Upscale(small, 4));
        double megapixels = Width * Height / 1e6;
        var text = new StringBuilder();
        text.AppendLine("# MATLAB-compatible bicubic: speed");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {BenchmarkMachine.Describe()}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Frame: {Width}x{Height} RGB uint8 (a B100 image mirrored to DIV2K size); median of {Runs} runs after a warm-up;");
        text.AppendLine("megapixels counted on the HR side (input of the downscale, output of the upscale); uint8 path (rounding after each pass).");
        text.AppendLine("Command: `dotnet run -c Release --project bench/MlNetSr.Bench -- bicubic --out bench/results/bicubic.md`");
        text.AppendLine();
        text.AppendLine("| resize | seconds | megapixels/s |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| x1/4 down, {Width}x{Height} -> {small.Width}x{small.Height} | {down:F3} | {megapixels / down:F1} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| x4 up, {small.Width}x{small.Height} -> {Width}x{Height} | {up:F3} | {megapixels / up:F1} |");
        return text.ToString();
    }

    // A real photograph, mirrored out to the DIV2K frame size, so the content is natural and the size exact.
    private static ByteImage MakeFrame(string dataFolder)
    {
        string folder = Path.Combine(dataFolder, "benchmarks", "B100");
        var source = ImageFile.Read(ImageFolder.List(folder)[0]);
        var frame = new ByteImage(Width, Height, 3);
        var rgb = source.ToRgb();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                    frame[c, y, x] = rgb[c, Reflect(y, rgb.Height), Reflect(x, rgb.Width)];
        return frame;
    }

    private static int Reflect(int i, int length)
    {
        int period = 2 * length, m = i % period;
        return m < length ? m : period - 1 - m;
    }

    private static double MedianSeconds(Action action)
    {
        action();
        var times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[Runs / 2];
    }
}
