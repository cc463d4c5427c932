using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Cli;
using MlNetSr.Imaging;
using MlNetSr.Pipelines;
using MlNetSr.Tests.Cli;
using MlNetSr.Tests.Pipelines;
using Xunit;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// A folder of mutated images (the fuzzer's first cases) through `mlnetsr upscale` in this process and through a
/// pipeline (LoadImages -> SuperResolve): each file is written or named with its reason, nothing else is thrown.
/// In one collection without parallelism: the CLI writes to the process's console, captured here.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ImageFuzzEndToEndTests : IDisposable
{
    private const int Cases = 150;
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-fuzz-e2e-").FullName;
    /// <summary>What ML.NET's LoadImages (MLImage) throws for a file SkiaSharp cannot decode.</summary>
    private const string LoadImagesCorruptFile = "Invalid input stream contents";

    private static string Model => TestData.Fixture("onnx/edsr_b2f16_x2.onnx");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_cli_writes_every_good_image_and_names_every_bad_one()
    {
        var inputs = WriteMutatedFolder(Path.Combine(folder, "in"));
        string output = Path.Combine(folder, "out");
        var (exitCode, stdout, stderr) = RunCli("upscale", Path.Combine(folder, "in"), "-o", output, "--scale", "2", "--model", Model,
            "--max-pixels", ImageFuzzTests.MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture), "--alpha", "discard");
        Assert.True(exitCode is 0 or CommandRunner.UsageError, $"exit code {exitCode}: {stderr}");
        int written = 0;
        foreach (var input in inputs)
        {
            string result = Path.Combine(output, Path.GetFileNameWithoutExtension(input) + ".png");
            if (File.Exists(result))
            {
                var source = ImageFile.Read(input, new ImageReadOptions { Alpha = AlphaPolicy.Discard, MaxInputPixels = ImageFuzzTests.MaxPixels });
                var upscaled = ImageFile.Read(result);
                Assert.Equal((2 * source.Width, 2 * source.Height), (upscaled.Width, upscaled.Height));
                written++;
            }
            else Assert.Contains($"mlnetsr: error: {input}: ", stderr);
        }
        Assert.Empty(Directory.EnumerateFiles(output, "*.tmp"));
        Assert.InRange(written, 1, inputs.Count - 1);
        Assert.Contains($"{inputs.Count - written} of {inputs.Count} images failed", stderr);
        Assert.Equal(written, stdout.Split('\n').Count(l => l.StartsWith('[')));
    }

    [Fact]
    public void A_pipeline_upscales_every_good_image_and_names_every_bad_one()
    {
        var inputs = WriteMutatedFolder(Path.Combine(folder, "in"));
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
            .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions
            {
                OutputColumnName = "SuperResolved",
                InputColumnName = "Image",
                ImagePathColumnName = nameof(PathRow.ImagePath),
                Scale = 2,
                ModelFile = Model,
            }))
            .Fit(PipelineFixture.Paths(ml, [TestData.Fixture("images/rgb.png")]));
        var engine = ml.Model.CreatePredictionEngine<PathRow, SuperResolvedRow>(pipeline);
        int upscaled = 0, refusedBySuperResolve = 0, refusedByLoadImages = 0;
        foreach (var input in inputs)
        {
            try
            {
                using var result = engine.Predict(new PathRow { ImagePath = input }).SuperResolved!;
                Assert.True(result.Width % 2 == 0 && result.Height % 2 == 0);
                upscaled++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains($"SuperResolve: {input}: ", e.Message);
                refusedBySuperResolve++;
            }
            catch (ArgumentException e) when (e.Message.StartsWith(LoadImagesCorruptFile, StringComparison.Ordinal))
            {
                // ML.NET's LoadImages decodes before SuperResolve sees the row, and its error does not name the file.
                Assert.Throws<InvalidImageException>(() => ImageFile.Read(input, new ImageReadOptions { MaxInputPixels = ImageFuzzTests.MaxPixels }));
                refusedByLoadImages++;
            }
        }
        Assert.Equal(inputs.Count, upscaled + refusedBySuperResolve + refusedByLoadImages);
        Assert.True(refusedBySuperResolve > 0 && refusedByLoadImages > 0);
        Assert.InRange(upscaled, 1, inputs.Count - 1);
    }

    /// <summary>The first <see cref="Cases"/> cases of the fuzzer's seed, each under its own name.</summary>
    private static List<string> WriteMutatedFolder(string directory)
    {
        Directory.CreateDirectory(directory);
        var mutator = new ImageMutator(ImageFuzzTests.Seed);
        var seeds = FuzzSeeds.All;
        var files = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            var (_, extension, original) = seeds[i % seeds.Count];
            string path = Path.Combine(directory, $"case{i:D4}{extension}");
            File.WriteAllBytes(path, mutator.Mutate(original, extension).Bytes);
            files.Add(path);
        }
        return files;
    }

    /// <summary>Runs the light CLI's entry point in this process with its console captured.</summary>
    public static (int ExitCode, string Output, string Error) RunCli(params string[] args) =>
        ConsoleCapture.Run(() => CliProgram.Run(args));
}
