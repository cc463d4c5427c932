using System.Diagnostics;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using Xunit;
using Xunit.Abstractions;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of the image path: mutated PNG, JPEG and BMP files through decode -> upscale -> PNG encode. Every
/// case must end in a result or an <see cref="InvalidImageException"/> naming the file; any other exception, a case
/// over <see cref="CaseTimeout"/>, or a decode allocating more than <see cref="AllocationBound"/> fails the test, and
/// the failing files are written out with their seed and index (keep them under Fixtures/fuzz/, see its README).
/// MLNETSR_FUZZ_CASES sets the number of cases (default 2,000, about half a minute).
/// </summary>
public sealed class ImageFuzzTests(ITestOutputHelper output)
{
    public const int Seed = 17;
    private const int DefaultCases = 2000;

    /// <summary>The pixel limit of the fuzzed reads: mutated headers declaring more are refused before any buffer.</summary>
    public const long MaxPixels = 1 << 20;

    /// <summary>Managed bytes one decode may allocate: the RGBA buffer and the planes (7 bytes a pixel) at the limit, plus 1 MiB.</summary>
    public const long AllocationBound = 7 * MaxPixels + (1 << 20);

    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("MLNETSR_FUZZ_CASES"), out int n) && n > 0 ? n : DefaultCases;

    [Fact]
    public void Mutated_images_end_in_a_result_or_an_error_naming_the_file()
    {
        using var resolver = TinyResolver();
        var mutator = new ImageMutator(Seed);
        var failures = new List<string>();
        int decoded = 0, refused = 0;
        var seeds = FuzzSeeds.All;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Cases; i++)
        {
            var (seedName, extension, original) = seeds[i % seeds.Count];
            var mutated = mutator.Mutate(original, extension);
            string name = $"fuzz-{Seed}-{i:D5}{extension}";
            var outcome = RunCase(resolver, mutated.Bytes, name, OptionsFor(i));
            if (outcome.Failure is not null)
                failures.Add($"{Keep(mutated.Bytes, name)}: from {seedName}, {mutated.Mutation}: {outcome.Failure}");
            else if (outcome.Decoded) decoded++;
            else refused++;
        }
        output.WriteLine($"seed {Seed}: {Cases} cases, {decoded} decoded and upscaled, {refused} refused, {failures.Count} failed, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Cases} cases failed (seed {Seed}):\n" + string.Join("\n", failures.Take(20)));
        // The mutations reach both ends: some files still decode, most are refused.
        Assert.True(decoded > Cases / 50 && refused > Cases / 2, $"{decoded} decoded, {refused} refused of {Cases}");
    }

    [Fact]
    public void Kept_regression_files_end_in_a_result_or_an_error_naming_the_file()
    {
        using var resolver = TinyResolver();
        var files = Directory.EnumerateFiles(TestData.Fixture("fuzz")).Where(ImageFile.HasImageExtension).Order().ToList();
        Assert.NotEmpty(files);
        for (int i = 0; i < files.Count; i++)
        {
            var outcome = RunCase(resolver, File.ReadAllBytes(files[i]), files[i], OptionsFor(i));
            Assert.True(outcome.Failure is null, $"{files[i]}: {outcome.Failure}");
        }
    }

    public sealed record Outcome(bool Decoded, string? Failure);

    /// <summary>One case: decode (bounded allocation), and for what decodes: upscale a crop of at most 24x24, encode, decode again.</summary>
    public static Outcome RunCase(SuperResolver resolver, byte[] bytes, string name, ImageReadOptions options)
    {
        var task = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            ByteImage image;
            try { image = ImageFile.Decode(bytes, name, options); }
            catch (InvalidImageException e)
            {
                return e.Message.Contains(name, StringComparison.Ordinal) ? new Outcome(false, null)
                    : new Outcome(false, $"the error does not name the file: {e.Message}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationBound) return new Outcome(true, $"decoding allocated {allocated:N0} bytes, over {AllocationBound:N0}");
            var crop = FuzzSeeds.Crop(image, 0, 0, 24, 24);
            var result = resolver.Upscale(crop);
            using var png = new MemoryStream();
            ImageFile.EncodePng(result, png);
            var again = ImageFile.Decode(png.ToArray(), name + " (re-encoded)");
            return (again.Width, again.Height) == (2 * crop.Width, 2 * crop.Height) ? new Outcome(true, null)
                : new Outcome(true, $"re-encoded result is {again.Width}x{again.Height}, expected {2 * crop.Width}x{2 * crop.Height}");
        });
        try
        {
            return task.Wait(CaseTimeout) ? task.Result : new Outcome(false, $"no answer within {CaseTimeout.TotalSeconds} s");
        }
        catch (AggregateException e)
        {
            var inner = e.InnerException!;
            return new Outcome(false, $"{inner.GetType().Name}: {inner.Message}");
        }
    }

    /// <summary>The policies alternate so that both branches of alpha and 16-bit handling are fuzzed.</summary>
    public static ImageReadOptions OptionsFor(int index) => index % 2 == 0
        ? new ImageReadOptions { MaxInputPixels = MaxPixels }
        : new ImageReadOptions { MaxInputPixels = MaxPixels, Alpha = AlphaPolicy.Discard, HighBitDepth = HighBitDepthPolicy.RoundTo8Bit };

    /// <summary>The 2-block, 16-feature x2 EDSR fixture on the CPU: milliseconds per 24x24 crop.</summary>
    public static SuperResolver TinyResolver()
    {
        var options = new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = 1 };
        var model = SrOnnxModel.Load(File.ReadAllBytes(TestData.Fixture("onnx/edsr_b2f16_x2.onnx")), "edsr_b2f16_x2", options, 2);
        return new SuperResolver(model, options, ownsModel: true);
    }

    private static string Keep(byte[] bytes, string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetsr-fuzz-failures");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        Debug.WriteLine($"kept {path}");
        return path;
    }
}
