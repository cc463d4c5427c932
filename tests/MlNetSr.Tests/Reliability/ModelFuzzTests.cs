using System.Globalization;
using Microsoft.ML;
using MlNetSr.Cli;
using MlNetSr.Cli.Training;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Tests.Cli;
using MlNetSr.Tests.Pipelines;
using MlNetSr.Tests.Trainer;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using Xunit;

namespace MlNetSr.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of model files: mutated ONNX models through SuperResolve's model loading (SrOnnxModel, the
/// pipeline estimator), mutated PyTorch checkpoints (zip and legacy) through <c>mlnetsr import</c>, <c>mlnetsr
/// export</c> and WeightsImporter. Every case must end in success or a documented exception whose message names
/// the file, within <see cref="CaseTimeout"/> and <see cref="AllocationBound"/>. MLNETSR_FUZZ_CASES sets the number
/// of cases per format (default 500); MLNETSR_FUZZ_SEED the first seed.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelFuzzTests : IDisposable
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);
    private readonly string folder = Directory.CreateTempSubdirectory("mlnetsr-fuzz-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MLNETSR_FUZZ_CASES"), out int n) && n > 0 ? n : 500;

    private static int FirstSeed => int.TryParse(Environment.GetEnvironmentVariable("MLNETSR_FUZZ_SEED"), out int s) ? s : 17_000;

    /// <summary>Managed bytes one case may allocate on its thread: 16 times the file, plus 64 MiB.</summary>
    private static long AllocationBound(long fileBytes) => 16 * fileBytes + (64L << 20);

    [Fact]
    public void Mutated_onnx_models_load_or_are_refused_naming_the_file()
    {
        byte[] embedded = DefaultModels.Get(2), tiny = File.ReadAllBytes(TestData.Fixture(Path.Combine("onnx", "edsr_b2f16_x2.onnx")));
        var ml = new MLContext(seed: 1);
        var data = PipelineFixture.Paths(ml, [TestData.Fixture(Path.Combine("images", "rgb.png"))]);
        var tally = new Tally();
        for (int i = 0; i < Cases; i++)
        {
            int seed = FirstSeed + i;
            var (bytes, kind) = new ModelFileMutator(seed).Onnx(seed % 5 == 0 ? embedded : tiny);
            string path = Path.Combine(folder, $"case-{seed}.onnx");
            File.WriteAllBytes(path, bytes);
            string file = Path.GetFileName(path);
            Action load = seed % 10 == 3
                ? () => ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
                    .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "Image", ModelFile = path, MemoryBudget = 64L << 20 }))
                    .Fit(data)
                : () =>
                {
                    using var model = SrOnnxModel.Load(path, new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = 1 });
                };
            if (!tally.Add(seed, kind, file, bytes.Length, load, e => e is InvalidDataException or ArgumentException or MemoryBudgetException)) Keep(path);
            File.Delete(path);
        }
        tally.AssertClean("ONNX");
    }

    [Fact]
    public void Mutated_pytorch_checkpoints_import_or_are_refused_naming_the_file()
    {
        string zip = Path.Combine(folder, "tiny_zip.pt");
        using (var network = SrModelFactory.Create(new ModelConfig(SrArchitecture.Edsr, 1, 8, 1.0, [2])))
            WeightsExporter.SavePyTorch(network, zip);
        byte[][] sources = [File.ReadAllBytes(zip), File.ReadAllBytes(TorchFixtures.PathOf("edsr_b2f16_x4_basicsr.pth")), File.ReadAllBytes(TorchFixtures.PathOf("edsr_b2f16_x2_legacy.pt"))];
        var tally = new Tally();
        for (int i = 0; i < Cases; i++)
        {
            int seed = FirstSeed + i;
            var mutator = new ModelFileMutator(seed);
            var (bytes, kind) = PyTorchMutant(seed, sources);
            string path = Path.Combine(folder, $"case-{seed}{(seed % 3 == 1 ? ".pth" : ".pt")}");
            File.WriteAllBytes(path, bytes);
            string file = Path.GetFileName(path), output = Path.Combine(folder, $"out-{seed}");
            Action run = (seed / 3 % 3) switch
            {
                0 => () => Cli(file, "import", "--weights", path, "--out", output + ".pt"),
                1 => () => Cli(file, "export", "--checkpoint", path, "--out", output + ".onnx"),
                _ => () => WeightsImporter.Import(path).Network.Dispose(),
            };
            if (!tally.Add(seed, kind, file, bytes.Length, run, e => e is InvalidDataException or WeightsMismatchException or NotSupportedException)) Keep(path);
            foreach (var written in Directory.GetFiles(folder, $"*-{seed}*")) File.Delete(written);
        }
        tally.AssertClean("PyTorch");
    }

    [Fact]
    public void Kept_regression_cases_end_cleanly()
    {
        var files = Directory.GetFiles(TestData.Fixture("fuzz-models")).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order().ToList();
        Assert.NotEmpty(files);
        var tally = new Tally(requireBothOutcomes: false);
        foreach (string path in files)
        {
            string file = Path.GetFileName(path);
            int seed = int.Parse(file.Split('-', '.')[1], CultureInfo.InvariantCulture);
            if (file.EndsWith(".onnx", StringComparison.Ordinal))
            {
                tally.Add(seed, "kept", file, new FileInfo(path).Length, () => SrOnnxModel.Load(path).Dispose(), e => e is InvalidDataException or ArgumentException);
                continue;
            }
            string output = Path.Combine(folder, $"out-{seed}");
            tally.Add(seed, "kept, import", file, new FileInfo(path).Length, () => Cli(file, "import", "--weights", path, "--out", output + ".pt"), e => e is InvalidDataException);
            tally.Add(seed, "kept, export", file, new FileInfo(path).Length, () => Cli(file, "export", "--checkpoint", path, "--out", output + ".onnx"), e => e is InvalidDataException);
            tally.Add(seed, "kept, WeightsImporter", file, new FileInfo(path).Length, () => WeightsImporter.Import(path).Network.Dispose(),
                e => e is InvalidDataException or WeightsMismatchException or NotSupportedException);
        }
        tally.AssertClean("kept");
    }

    /// <summary>The mutant a seed gives: of the tiny zip .pt, the BasicSR .pth (zip) or the legacy .pt (one pickle stream).</summary>
    internal static (byte[] Bytes, string Kind) PyTorchMutant(int seed, byte[][] sources)
    {
        var mutator = new ModelFileMutator(seed);
        return seed % 3 == 2 ? mutator.Pickle(sources[2]) : mutator.TorchZip(sources[seed % 3]);
    }

    // In-process `mlnetsr` (import/export): exit code 0, or 2 with one "mlnetsr: error:" line naming the file.
    private static void Cli(string file, params string[] args)
    {
        var (code, _, stderr) = ConsoleCapture.Run(TrainingCommands.Create(), args);
        string error = stderr.TrimEnd();
        if (code == 0) return;
        if (code != CommandRunner.UsageError || !error.StartsWith("mlnetsr: error:", StringComparison.Ordinal) || error.Contains('\n'))
            throw new CliFailure($"exit code {code}: {error}");
        throw new InvalidDataException(error); // a clean refusal; the tally checks that it names the file
    }

    // MLNETSR_FUZZ_KEEP=<folder>: failing cases are copied there, to become regression files (Fixtures/fuzz-models).
    private static void Keep(string path)
    {
        if (Environment.GetEnvironmentVariable("MLNETSR_FUZZ_KEEP") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, Path.GetFileName(path)), overwrite: true);
        }
    }

    private sealed class CliFailure(string message) : Exception(message);

    /// <summary>Runs cases on their own thread (timeout, allocation counted on that thread) and collects what went wrong.</summary>
    private sealed class Tally(bool requireBothOutcomes = true)
    {
        private readonly List<string> failures = [];
        private int loaded, refused;

        /// <summary>Runs one case; false when it failed.</summary>
        public bool Add(int seed, string kind, string file, long fileBytes, Action run, Func<Exception, bool> documented)
        {
            Exception? error = null;
            long allocated = 0;
            var thread = new Thread(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try { run(); }
                catch (Exception e) { error = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, 16 << 20);
            thread.Start();
            string label = $"seed {seed} ({kind})";
            int before = failures.Count;
            if (!thread.Join(CaseTimeout)) { failures.Add($"{label}: still running after {CaseTimeout.TotalSeconds} s"); return false; }
            if (allocated > AllocationBound(fileBytes))
                failures.Add($"{label}: allocated {allocated:N0} managed bytes, over the bound {AllocationBound(fileBytes):N0}");
            if (error is null) loaded++;
            else
            {
                refused++;
                if (!documented(error))
                    failures.Add($"{label}: {error.GetType().Name}: {error.Message} {string.Join(" | ", (error.StackTrace ?? "").Split('\n').Take(4).Select(l => l.Trim()))}");
                else if (!error.Message.Contains(file, StringComparison.Ordinal)) failures.Add($"{label}: the message does not name {file}: {error.Message}");
            }
            return failures.Count == before;
        }

        public void AssertClean(string format)
        {
            Assert.True(failures.Count == 0, $"{failures.Count} {format} cases failed (of {loaded + refused}):\n" + string.Join("\n", failures.Take(30)));
            // The mutations must reach both outcomes, or they test nothing.
            Assert.True(!requireBothOutcomes || (loaded > 0 && refused > 0), $"{format}: {loaded} loaded, {refused} refused");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{format} fuzz: {loaded + refused} cases, {loaded} loaded, {refused} refused"));
        }
    }
}
