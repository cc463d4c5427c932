using System.Diagnostics;
using System.Globalization;
using System.Text;
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
        var frame = BenchmarkFrames.Mirrored(dataFolder, Width, Height);
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
