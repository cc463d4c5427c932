using System.CommandLine;
using MlNetSr.Cli.Training;
using MlNetSr.Reporting;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;

namespace MlNetSr.Cli.Commands;

/// <summary>
/// <c>mlnetsr train --data DIR --arch edsr-baseline --scale 2 --out RUN [...]</c>: trains EDSR/MDSR with the paper's
/// recipe (every default is the paper's), printing progress and writing resumable checkpoints into the run folder.
/// Ctrl+C stops after the current iteration and saves the latest checkpoint.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        TrainingCommands.RegisterUserErrors();
        var defaults = new TrainingOptions { Model = ModelPresets.Get(ModelPresets.EdsrBaseline), HighResolutionFolder = "", OutputFolder = "" };
        var data = new Option<string>("--data") { Description = "Folder of HR training images (PNG, BMP, JPEG)", Required = true };
        var lrData = new Option<string?>("--lr-data") { Description = "Folder of matching LR images (name.png, namex{s}.png or X{s}/...); default: MATLAB bicubic" };
        var arch = new Option<string>("--arch") { Description = $"Network: {string.Join(", ", ModelPresets.Names)}", DefaultValueFactory = _ => ModelPresets.EdsrBaseline };
        var scale = new Option<string?>("--scale") { Description = "Scale (EDSR: 2, 3 or 4) or scales (MDSR, default 2,3,4)" };
        var output = new Option<string>("--out") { Description = "Run folder: checkpoints, logs, LR cache", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Total iterations (paper: 300000)", DefaultValueFactory = _ => defaults.Iterations };
        var batch = new Option<int>("--batch") { Description = "Minibatch size (paper: 16)", DefaultValueFactory = _ => defaults.BatchSize };
        var patch = new Option<int>("--patch") { Description = "LR patch side (paper: 48)", DefaultValueFactory = _ => defaults.LowResolutionPatch };
        var learningRate = new Option<double>("--lr") { Description = "Initial learning rate (paper: 1e-4)", DefaultValueFactory = _ => defaults.LearningRate };
        var decayEvery = new Option<int>("--decay-every") { Description = "Halve the learning rate every N iterations (paper: 200000)", DefaultValueFactory = _ => defaults.DecayEvery };
        var decayAt = new Option<string?>("--decay-at") { Description = "Halve the learning rate at these iterations instead (e.g. 1500,2250,2600)" };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off the 8 flips/rotations" };
        var downscaleCopies = new Option<string?>("--downscale-copies") { Description = "Also train on copies of every HR image shrunk by these factors (scale augmentation for small sets, e.g. 0.9,0.8,0.7,0.6); default: none, as in the paper" };
        var valid = new Option<string?>("--valid") { Description = "Folder of HR images scored during training (a benchmark set scored this way is no longer a fair result: prefer --hold-out)" };
        var holdOut = new Option<string?>("--hold-out") { Description = "List file of training images (paths relative to --data, one per line) kept out of training and scored at each validation, e.g. bench/runs/holdout-bsd200.txt" };
        var schedule = new Option<string>("--schedule") { Description = "step (paper: --decay-every / --decay-at) or cosine (warm restart at --lr from --cosine-from down to --min-lr at --iterations)", DefaultValueFactory = _ => "step" };
        schedule.AcceptOnlyFromAmong("step", "cosine");
        var cosineFrom = new Option<int>("--cosine-from") { Description = "With --schedule cosine: the iteration the cosine starts at --lr (e.g. the iteration resumed at)" };
        var minLearningRate = new Option<double>("--min-lr") { Description = "With --schedule cosine: the learning rate at --iterations", DefaultValueFactory = _ => 0 };
        var validEvery = new Option<int>("--valid-every") { Description = "Validate (and save the latest checkpoint) every N iterations", DefaultValueFactory = _ => defaults.ValidateEvery };
        var logEvery = new Option<int>("--log-every") { Description = "Print progress every N iterations", DefaultValueFactory = _ => defaults.LogEvery };
        var init = new Option<string?>("--init") { Description = "Initialise from a checkpoint (.ckpt, .pt, .pth, .safetensors) or an fp32 .onnx MlNetSr exported, e.g. a x2 model for x3/x4" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint" };
        var seed = new Option<long>("--seed") { Description = "Random seed (paper: 1)", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: libtorch's choice)" };
        var precision = new Option<string>("--precision")
        {
            Description = "fp32 (paper) or bf16: forward/backward in bfloat16, weights and Adam in float32 (about 2x faster on CPUs with AMX; refused where a start-up check finds the CPU's bf16 convolutions wrong)",
            DefaultValueFactory = _ => "fp32",
        };
        precision.AcceptOnlyFromAmong("fp32", "bf16");

        var command = new Command("train", "Train EDSR/MDSR on a folder of HR images with the paper's recipe")
        {
            data, lrData, arch, scale, output, iterations, batch, patch, learningRate, decayEvery, decayAt, noAugment, downscaleCopies,
            valid, holdOut, schedule, cosineFrom, minLearningRate, validEvery, logEvery, init, resume, seed, threads, precision,
        };
        command.SetAction(parse =>
        {
            if (parse.GetResult(decayEvery) is { Implicit: false } && parse.GetValue(decayAt) is not null)
                throw new UsageException("--decay-every and --decay-at are two schedules: give one");
            var options = new TrainingOptions
            {
                Model = ModelFor(parse.GetValue(arch)!, parse.GetValue(scale)),
                HighResolutionFolder = parse.GetValue(data)!,
                LowResolutionFolder = parse.GetValue(lrData),
                OutputFolder = parse.GetValue(output)!,
                Iterations = parse.GetValue(iterations),
                BatchSize = parse.GetValue(batch),
                LowResolutionPatch = parse.GetValue(patch),
                LearningRate = parse.GetValue(learningRate),
                DecayEvery = parse.GetValue(decayEvery),
                DecayAt = IterationList(parse.GetValue(decayAt)),
                Augment = !parse.GetValue(noAugment),
                DownscaleCopies = FactorList(parse.GetValue(downscaleCopies)),
                ValidationFolder = parse.GetValue(valid),
                HoldOut = parse.GetValue(holdOut) is string list ? HoldOutSet.ReadList(list) : [],
                Schedule = parse.GetValue(schedule) == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Step,
                CosineFrom = parse.GetValue(cosineFrom),
                MinLearningRate = parse.GetValue(minLearningRate),
                ValidateEvery = parse.GetValue(validEvery),
                CheckpointEvery = parse.GetValue(validEvery),
                LogEvery = parse.GetValue(logEvery),
                InitialWeights = parse.GetValue(init),
                Resume = parse.GetValue(resume),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Precision = parse.GetValue(precision) == "bf16" ? TrainingPrecision.BFloat16 : TrainingPrecision.Float32,
            };
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            // Live terminal: the log lines scroll above a bar with rate and ETA; redirected or CI: the log lines alone.
            var bar = ConsoleProgress.For("train", countFromFirstReport: true); // a resumed run starts part-way
            var live = bar.Style == ProgressStyle.Live;
            var result = new SrTrainer(options, live ? bar.WriteLine : Console.WriteLine,
                live ? new IterationProgress(bar) : null).Run(stop.Token);
            ConsoleProgress.Clear();
            result.Network.Dispose();
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<int> IterationList(string? text)
    {
        if (text is null) return [];
        var iterations = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int at) || at < 1)
                throw new UsageException($"--decay-at '{part}' is not an iteration: give positive whole numbers separated by commas (e.g. 1500,2250)");
            iterations.Add(at);
        }
        return iterations; // the order is checked with the other options (TrainingOptions.Validate)
    }

    private static IReadOnlyList<double> FactorList(string? text)
    {
        if (text is null) return [];
        var factors = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out double factor))
                throw new UsageException($"--downscale-copies '{part}' is not a factor: give numbers between 0 and 1 separated by commas (e.g. 0.9,0.8,0.7,0.6)");
            factors.Add(factor);
        }
        return factors; // the range is checked with the other options (TrainingOptions.Validate)
    }

    private static ModelConfig ModelFor(string preset, string? scaleText)
    {
        ModelConfig baseline;
        try { baseline = ModelPresets.Get(preset); }
        catch (ArgumentException e) { throw new UsageException($"--arch: {e.Message.Split(" (Parameter")[0]}"); }
        if (baseline.Architecture == SrArchitecture.Mdsr)
        {
            var scales = scaleText is null ? baseline.Scales : ScaleList.Parse(scaleText, 2, 4);
            return new ModelConfig(SrArchitecture.Mdsr, baseline.Blocks, baseline.Features, baseline.ResScale, scales);
        }
        var single = ScaleList.Parse(scaleText ?? "2", 2, 4);
        if (single.Count != 1) throw new UsageException($"--scale {scaleText}: {preset} is single-scale, give one of 2, 3, 4 (or use mdsr-baseline / mdsr)");
        return ModelPresets.Get(preset, single[0]);
    }

    // Synchronous (Progress<T> would post to the thread pool and could draw after the bar ended).
    private sealed class IterationProgress(ProgressBar bar) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => bar.Report((value.Iteration, value.TotalIterations));
    }
}
