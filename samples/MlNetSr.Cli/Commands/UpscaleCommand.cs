using System.CommandLine;
using MlNetSr.Evaluation;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.IO;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr upscale INPUT -o OUTPUT --scale s [--model m.onnx] [--tile N] [--self-ensemble] [--device auto|cpu|cuda]</c>:
/// one image to a PNG, or a folder of images to a folder of PNGs (with progress). Outputs are written atomically;
/// in a folder run a bad image is reported and skipped, and the exit code says some failed.
/// </summary>
public static class UpscaleCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "An image (PNG, BMP, JPEG) or a folder of images" };
        var output = new Option<string>("--output", "-o") { Description = "Output PNG (for an image) or folder (for a folder)", Required = true };
        var scale = new Option<string>("--scale") { Description = "Scale: 2, 3 or 4", Required = true };
        var skipExisting = new Option<bool>("--skip-existing") { Description = "Folder input: keep outputs that already exist and decode (resume an interrupted run)" };
        var inference = new InferenceArguments();
        var reading = new ImageReadArguments();
        var command = new Command("upscale", "Enlarge images with a super-resolution model") { input, output, scale, skipExisting };
        inference.AddTo(command);
        reading.AddTo(command);
        command.SetAction(parse =>
        {
            var scales = ScaleList.Parse(parse.GetValue(scale)!, 2, 4);
            if (scales.Count != 1) throw new UsageException($"--scale {parse.GetValue(scale)}: give one scale");
            string source = parse.GetValue(input)!, target = parse.GetValue(output)!;
            if (!File.Exists(source) && !Directory.Exists(source)) throw new UsageException($"{source}: no such image or folder");
            var readOptions = reading.Options(parse);
            using var resolver = inference.Load(parse, scales[0]);
            return Directory.Exists(source)
                ? UpscaleFolder(resolver, source, target, readOptions, parse.GetValue(skipExisting))
                : UpscaleFile(resolver, source, target, readOptions);
        });
        return command;
    }

    private static int UpscaleFile(SuperResolver resolver, string source, string target, ImageReadOptions readOptions)
    {
        if (Directory.Exists(target)) target = Path.Combine(target, Path.GetFileNameWithoutExtension(source) + ".png");
        var image = ImageFile.Read(source, readOptions);
        var result = Upscale(resolver, image);
        ImageFile.WritePng(result, target);
        Console.WriteLine($"{source} ({image.Width}x{image.Height}) -> {target} ({result.Width}x{result.Height})");
        return 0;
    }

    // A bad image (unreadable, too large, too large an output) is reported and skipped; a failed write (a full disk)
    // or anything else ends the run. Outputs appear atomically, so a killed run leaves only whole PNGs (and
    // temporary files, removed here on the next run) and --skip-existing resumes it.
    private static int UpscaleFolder(SuperResolver resolver, string source, string target, ImageReadOptions readOptions, bool skipExisting)
    {
        if (File.Exists(target)) throw new UsageException($"{target}: is a file; a folder input needs an output folder");
        var files = ImageFolder.List(source);
        int failed = 0, skipped = 0;
        // One bar for the folder (rate and ETA in images); the per-image tile bar would replace it, so it is off here.
        var bar = ConsoleProgress.For("images");
        for (int i = 0; i < files.Count; bar.Report((++i, files.Count)))
        {
            string name = Path.GetFileNameWithoutExtension(files[i]) + ".png", output = Path.Combine(target, name);
            AtomicFileLeftovers.DeleteBeside(output);
            if (skipExisting && IsWholeImage(output))
            {
                skipped++;
                continue;
            }
            ByteImage result;
            try { result = resolver.Upscale(ImageFile.Read(files[i], readOptions)); }
            catch (Exception e) when (e is InvalidImageException or ArgumentException)
            {
                failed++;
                Above(bar, $"mlnetsr: error: {e.Message}", Console.Error);
                continue;
            }
            ImageFile.WritePng(result, output);
            Above(bar, $"[{i + 1}/{files.Count}] {files[i]} -> {output} ({result.Width}x{result.Height})", Console.Out);
            // The image's buffers (up to hundreds of MB on the large object heap) are garbage now. Without a collection
            // here the next large image was allocated beside them: peak memory grew with every large image of the
            // folder (bench/results/reliability-load.md). A full collection of a heap this empty costs milliseconds.
            GC.Collect();
        }
        ConsoleProgress.Clear();
        if (skipped > 0) Console.WriteLine($"{skipped} of {files.Count} outputs existed already and were kept (--skip-existing)");
        if (failed > 0) Console.Error.WriteLine($"mlnetsr: {failed} of {files.Count} images failed; the others were written");
        return failed > 0 ? CommandRunner.UsageError : 0;
    }

    // A line printed while a live bar is drawn goes above it (both are on the terminal then); otherwise to its stream.
    private static void Above(Reporting.ProgressBar bar, string line, TextWriter stream)
    {
        if (bar.Style == Reporting.ProgressStyle.Live) bar.WriteLine(line);
        else stream.WriteLine(line);
    }

    private static bool IsWholeImage(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            ImageFile.Read(path, new ImageReadOptions { MaxInputPixels = long.MaxValue });
            return true;
        }
        catch (InvalidImageException) { return false; }
    }

    private static ByteImage Upscale(SuperResolver resolver, ByteImage image)
    {
        var result = resolver.Upscale(image, ConsoleProgress.For("tiles"));
        ConsoleProgress.Clear();
        return result;
    }
}
