using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using MlNetSr.Cli;
using MlNetSr.Cli.Training;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
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
            var (bytes, kind) = new ModelFileMutator(seed).Onnx(i % 5 == 0 ? embedded : tiny);
            string path = Path.Combine(folder, $"case-{seed}.onnx");
            File.WriteAllBytes(path, bytes);
            string file = Path.GetFileName(path);
            Action load = i % 10 == 3
                ? () => ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
                    .Append(ml.Transforms.SuperResolve(new SuperResolutionOptions { OutputColumnName = "Image", ModelFile = path, MemoryBudget = 64L << 20 }))
                    .Fit(data)
                : () =>
                {
                    using var model = SrOnnxModel.Load(path, new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = 1 });
                };
            tally.Add(seed, kind, file, bytes.Length, load, e => e is InvalidDataException or ArgumentException or MemoryBudgetException);
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
            var source = sources[i % 3];
            var (bytes, kind) = i % 3 == 2 ? mutator.Pickle(source) : mutator.TorchZip(source); // the legacy file is one pickle stream
            string path = Path.Combine(folder, $"case-{seed}{(i % 3 == 1 ? ".pth" : ".pt")}");
            File.WriteAllBytes(path, bytes);
            string file = Path.GetFileName(path), output = Path.Combine(folder, $"out-{seed}");
            Action run = (i / 3 % 3) switch
            {
                0 => () => Cli(file, "import", "--weights", path, "--out", output + ".pt"),
                1 => () => Cli(file, "export", "--checkpoint", path, "--out", output + ".onnx"),
                _ => () => WeightsImporter.Import(path).Network.Dispose(),
            };
            tally.Add(seed, kind, file, bytes.Length, run, e => e is InvalidDataException or WeightsMismatchException or NotSupportedException);
            foreach (var written in Directory.GetFiles(folder, $"*-{seed}*")) File.Delete(written);
        }
        tally.AssertClean("PyTorch");
    }

    // In-process `mlnetsr` (import/export): exit code 0, or 2 with one "mlnetsr: error:" line naming the file.
    private static void Cli(string file, params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in TrainingCommands.Create()) root.Add(command);
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        int code;
        try { code = CommandRunner.Run(root, args); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
        string error = stderr.ToString().TrimEnd();
        if (code == 0) return;
        if (code != CommandRunner.UsageError || !error.StartsWith("mlnetsr: error:", StringComparison.Ordinal) || error.Contains('\n'))
            throw new CliFailure($"exit code {code}: {error}");
        throw new InvalidDataException(error); // a clean refusal; the tally checks that it names the file
    }

    private sealed class CliFailure(string message) : Exception(message);

    /// <summary>Runs cases on their own thread (timeout, allocation counted on that thread) and collects what went wrong.</summary>
    private sealed class Tally
    {
        private readonly List<string> failures = [];
        private int loaded, refused;

        public void Add(int seed, string kind, string file, long fileBytes, Action run, Func<Exception, bool> documented)
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
            if (!thread.Join(CaseTimeout)) { failures.Add($"{label}: still running after {CaseTimeout.TotalSeconds} s"); return; }
            if (allocated > AllocationBound(fileBytes))
                failures.Add($"{label}: allocated {allocated:N0} managed bytes, over the bound {AllocationBound(fileBytes):N0}");
            if (error is null) { loaded++; return; }
            refused++;
            if (!documented(error)) failures.Add($"{label}: {error.GetType().Name}: {error.Message}");
            else if (!error.Message.Contains(file, StringComparison.Ordinal)) failures.Add($"{label}: the message does not name {file}: {error.Message}");
        }

        public void AssertClean(string format)
        {
            Assert.True(failures.Count == 0, $"{failures.Count} {format} cases failed (of {loaded + refused}):\n" + string.Join("\n", failures.Take(30)));
            // The mutations must reach both outcomes, or they test nothing.
            Assert.True(loaded > 0 && refused > 0, $"{format}: {loaded} loaded, {refused} refused");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{format} fuzz: {loaded + refused} cases, {loaded} loaded, {refused} refused"));
        }
    }
}
