using System.Diagnostics;
using System.Text.Json;
using MlNetSr.Evaluation;
using MlNetSr.IO;
using MlNetSr.Metrics;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Trainer.Training;

/// <summary>What a finished (or stopped) run leaves: the trained network and where it stands.</summary>
public sealed record TrainingResult(SrNetwork Network, TrainingState State, string OutputFolder);

/// <summary>
/// Trains EDSR/MDSR with the paper's recipe (SR_SPEC §3): L1 on [0, 255], Adam, step decay, random 48x48 LR
/// patches. Writes to the run folder: <c>latest.ckpt</c> (resumable: weights, Adam state, iteration, sampler
/// state), <c>best.pt</c> (best validation PSNR at the first scale, PyTorch state_dict + sidecar), <c>final.pt</c>,
/// <c>log.txt</c>, <c>validation.csv</c>, <c>options.json</c>. MDSR draws one scale per batch and steps only the
/// shared weights and that scale's branch (separate Adam instances, so other branches' moments stay untouched).
/// </summary>
public sealed class SrTrainer
{
    /// <summary>
    /// File names in the run folder: the resumable checkpoint, the best validated weights and the weights at the end.
    /// </summary>
    public const string LatestCheckpoint = "latest.ckpt", BestWeights = "best.pt", FinalWeights = "final.pt";

    private readonly TrainingOptions options;
    private readonly IProgress<TrainingProgress>? progress;
    private readonly RunLog log;

    /// <summary>
    /// Checks the options and creates the run folder. Nothing else is written until <see cref="Run"/>.
    /// </summary>
    /// <param name="options">The run; <see cref="TrainingOptions.Validate"/> is called here.</param>
    /// <param name="echo">Receives every line written to <c>log.txt</c> (without the time stamp); null for none.</param>
    /// <param name="progress">Receives a <see cref="TrainingProgress"/> every <see cref="TrainingOptions.LogEvery"/> iterations and at the end.</param>
    /// <exception cref="NotSupportedException">bfloat16 was asked for and this CPU's bfloat16 convolutions are wrong (<see cref="BFloat16KernelCheck"/>).</exception>
    public SrTrainer(TrainingOptions options, Action<string>? echo = null, IProgress<TrainingProgress>? progress = null)
    {
        options.Validate();
        // Refused before anything is written: on some CPUs bf16 kernels are wrong and the run would only diverge.
        if (options.Precision == TrainingPrecision.BFloat16) BFloat16KernelCheck.EnsureUsable();
        this.options = options;
        this.progress = progress;
        Directory.CreateDirectory(options.OutputFolder);
        log = new RunLog(options.OutputFolder, echo);
    }

    /// <summary>
    /// Trains up to <see cref="TrainingOptions.Iterations"/>, from scratch, from <see cref="TrainingOptions.InitialWeights"/> or
    /// (with <see cref="TrainingOptions.Resume"/>) from <see cref="LatestCheckpoint"/>. Cancelling saves the latest
    /// checkpoint and returns the network as it stands.
    /// </summary>
    /// <exception cref="IOException">The run folder already holds a run and <see cref="TrainingOptions.Resume"/> is false.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient became non-finite; the last finite weights are saved first.</exception>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        if (options.Threads is int threads) set_num_threads(threads);
        string latestPath = Path.Combine(options.OutputFolder, LatestCheckpoint);
        if (!options.Resume && File.Exists(latestPath))
            throw new IOException($"{options.OutputFolder} already holds a run ({LatestCheckpoint}); pass --resume to continue it or choose another --out");

        // A killed run leaves AtomicFile's half-written temporaries (checkpoints, LR cache); its checkpoint is intact.
        int leftovers = AtomicFileLeftovers.DeleteIn(options.OutputFolder);
        if (leftovers > 0) log.Write($"removed {leftovers} half-written temporary file(s) of an interrupted run");

        var network = SrModelFactory.Create(options.Model, options.Seed);
        var optimizers = CreateOptimizers(network);
        var sampler = new PatchSampler(
            TrainingSet.Load(options.HighResolutionFolder, options.Model.Scales, options.LowResolutionPatch,
                options.LowResolutionFolder, Path.Combine(options.OutputFolder, "lr-cache"), log.Write, options.HoldOut, options.DownscaleCopies),
            options.Model.Scales, options.BatchSize, options.LowResolutionPatch, options.Augment, new SamplerRandom(options.Seed));

        var state = TrainingState.For(options.Model, 0, sampler.Random.State, options.Seed, 0);
        if (options.Resume) state = Restore(latestPath, network, optimizers, sampler);
        else if (options.InitialWeights is not null) Initialise(network, options.InitialWeights);
        // The first start writes options.json; each resume keeps its own (its schedule may differ) beside it.
        string optionsFile = options.Resume ? $"options-resumed-at-{state.Iteration}.json" : "options.json";
        AtomicFile.WriteAllText(Path.Combine(options.OutputFolder, optionsFile),
            JsonSerializer.Serialize(options, new JsonSerializerOptions { WriteIndented = true }));
        log.Write($"training {network.Config}: {network.CountTrainable():N0} trainable parameters, iterations {state.Iteration} -> {options.Iterations}, " +
                  $"batch {options.BatchSize}, LR patch {options.LowResolutionPatch}, {options.DescribeSchedule()}, " +
                  $"seed {options.Seed}, threads {get_num_threads()}, precision {options.Precision}");

        network.train();
        using var shadow = options.Precision == TrainingPrecision.BFloat16 ? new BFloat16Shadow(network) : null;
        var clock = Stopwatch.StartNew();
        double secondsBefore = state.TrainingSeconds, lossSum = 0;
        int lossCount = 0, startIteration = state.Iteration;
        for (int iteration = state.Iteration; iteration < options.Iterations; iteration++)
        {
            if (cancellation.IsCancellationRequested)
            {
                // Stopping keeps every finished iteration: the latest checkpoint is brought up to date first.
                TrainingCheckpoint.Save(latestPath, state, network, optimizers);
                log.Write($"stopped at iteration {state.Iteration}; {LatestCheckpoint} saved, continue with --resume");
                return new TrainingResult(network, state, options.OutputFolder);
            }
            double learningRate = options.LearningRateAt(iteration);
            double loss = Step(network, shadow, optimizers, sampler.Next(), learningRate);
            if (double.IsNaN(loss)) throw Diverged(iteration + 1, latestPath, state, network, optimizers);
            lossSum += loss;
            lossCount++;
            int done = iteration + 1;
            double seconds = secondsBefore + clock.Elapsed.TotalSeconds;
            state = state with { Iteration = done, SamplerState = sampler.Random.State, TrainingSeconds = seconds };

            if (done % options.LogEvery == 0 || done == options.Iterations)
            {
                double rate = (done - startIteration) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                var report = new TrainingProgress(done, options.Iterations, lossSum / lossCount, rate, learningRate,
                    state.Validations.LastOrDefault(), TimeSpan.FromSeconds((options.Iterations - done) / rate));
                log.Write(report.ToString());
                progress?.Report(report);
                lossSum = 0;
                lossCount = 0;
            }
            if (options.Validates && (done % options.ValidateEvery == 0 || done == options.Iterations))
            {
                clock.Stop();
                state = Validate(network, state);
                clock.Start();
            }
            if (done % options.CheckpointEvery == 0 || done == options.Iterations)
            {
                clock.Stop();
                TrainingCheckpoint.Save(latestPath, state, network, optimizers);
                clock.Start();
            }
        }
        CheckpointFile.Save(network, Path.Combine(options.OutputFolder, FinalWeights), $"trained by MlNetSr, {state.Iteration} iterations");
        log.Write($"done: {state.Iteration} iterations in {TrainingProgress.FormatDuration(TimeSpan.FromSeconds(state.TrainingSeconds))} of training" +
                  (state.BestPsnr is double best ? $", best validation {best:F2} dB at {state.BestIteration}" : ""));
        return new TrainingResult(network, state, options.OutputFolder);
    }

    // The weights in memory are still the last finite ones (the failed step was not applied): save them, so that
    // nothing is lost and --resume continues from the iteration before the failure.
    private TrainingDivergedException Diverged(int iteration, string latestPath, TrainingState state, SrNetwork network, IReadOnlyList<Adam> optimizers)
    {
        TrainingCheckpoint.Save(latestPath, state, network, optimizers);
        string advice = options.Precision == TrainingPrecision.BFloat16
            ? "continue with --resume --precision fp32 (bfloat16 arithmetic is the likely cause)"
            : "continue with --resume, or start again with a lower learning rate";
        string message = $"training diverged at iteration {iteration}: the loss or a gradient is not finite (precision {options.Precision}); " +
                         $"that step was not applied and {latestPath} holds the finite weights of iteration {state.Iteration}; {advice}";
        log.Write(message);
        return new TrainingDivergedException(message);
    }

    // One minibatch: forward, L1 on the [0, 255] scale, backward, Adam on the shared weights and the batch's branch.
    // With a bfloat16 shadow the passes run on it and the master keeps its gradient buffers (overwritten each step).
    // A non-finite loss or gradient returns NaN before Adam runs, so one bad step cannot poison the weights.
    private static double Step(SrNetwork network, BFloat16Shadow? shadow, IReadOnlyList<Adam> optimizers, PatchBatch batch, double learningRate)
    {
        using var scope = NewDisposeScope();
        var input = ChannelsLast.Of(tensor(batch.LowResolution, batch.LowResolutionShape));
        var target = ChannelsLast.Of(tensor(batch.HighResolution, batch.HighResolutionShape));
        if (shadow is null) network.zero_grad(set_to_none: true);
        var output = shadow is null ? network.forward(input, batch.Scale) : shadow.Forward(input, batch.Scale);
        var loss = nn.functional.l1_loss(output, target);
        loss.backward();
        shadow?.CopyGradients();
        double value = loss.item<float>();
        if (!double.IsFinite(value) || !GradientsAreFinite(network)) return double.NaN;
        foreach (var optimizer in OptimizersFor(network, optimizers, batch.Scale))
        {
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
            optimizer.step();
        }
        return value;
    }

    private static bool GradientsAreFinite(SrNetwork network) =>
        network.parameters().All(p => p.grad is not Tensor gradient || isfinite(gradient).all().item<bool>());

    // EDSR: one Adam over every trainable weight. MDSR: [shared, branch 0, branch 1, ...].
    private static List<Adam> CreateOptimizers(SrNetwork network)
    {
        var trainable = network.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        if (network.Config.Architecture == SrArchitecture.Edsr)
            return [NewAdam(trainable.Select(p => p.parameter))];
        var groups = new List<Adam> { NewAdam(trainable.Where(p => BranchOf(p.name) is null).Select(p => p.parameter)) };
        for (int k = 0; k < network.Config.Scales.Count; k++)
        {
            int branch = k;
            groups.Add(NewAdam(trainable.Where(p => BranchOf(p.name) == branch).Select(p => p.parameter)));
        }
        return groups;

        Adam NewAdam(IEnumerable<Parameter> parameters) => optim.Adam(parameters, 1e-4, 0.9, 0.999, 1e-8);
    }

    private static IEnumerable<Adam> OptimizersFor(SrNetwork network, IReadOnlyList<Adam> optimizers, int scale) =>
        network.Config.Architecture == SrArchitecture.Edsr
            ? optimizers
            : [optimizers[0], optimizers[1 + IndexOf(network.Config.Scales, scale)]];

    private static int IndexOf(IReadOnlyList<int> scales, int scale)
    {
        for (int k = 0; k < scales.Count; k++) if (scales[k] == scale) return k;
        throw new ArgumentException($"no x{scale} branch", nameof(scale));
    }

    // "pre_process.1.0.body.0.weight" and "upsample.1.0.weight" belong to branch 1; everything else is shared.
    private static int? BranchOf(string name)
    {
        foreach (var prefix in new[] { "pre_process.", "upsample." })
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                return int.Parse(name.AsSpan(prefix.Length, name.IndexOf('.', prefix.Length) - prefix.Length));
        return null;
    }

    private TrainingState Restore(string latestPath, SrNetwork network, IReadOnlyList<Adam> optimizers, PatchSampler sampler)
    {
        if (!File.Exists(latestPath)) throw new FileNotFoundException($"{latestPath}: nothing to resume in {options.OutputFolder}", latestPath);
        var state = TrainingCheckpoint.ReadState(latestPath);
        TrainingCheckpoint.LoadModel(latestPath, network);
        TrainingCheckpoint.LoadOptimizers(latestPath, optimizers);
        sampler.Restore(state.SamplerState);
        if (state.Seed != options.Seed) log.Write($"note: the run was started with seed {state.Seed}; continuing its sampler state (--seed {options.Seed} ignored)");
        log.Write($"resumed from {latestPath} at iteration {state.Iteration}");
        return state;
    }

    // --init: a training checkpoint or any weights file, copied with EDSR-PyTorch's x2 -> x3/x4 rule.
    private void Initialise(SrNetwork network, string path)
    {
        ScaleTransferReport report;
        if (Path.GetExtension(path).Equals(".ckpt", StringComparison.OrdinalIgnoreCase))
        {
            using var source = SrModelFactory.Create(TrainingCheckpoint.ReadState(path).ModelConfig());
            TrainingCheckpoint.LoadModel(path, source);
            report = ScaleTransfer.InitialiseFrom(network, source);
        }
        else
        {
            using var source = CheckpointFile.Load(path);
            report = ScaleTransfer.InitialiseFrom(network, source);
        }
        log.Write($"initialised from {path}: {report.Copied.Count} tensors copied, kept initial: {string.Join(", ", report.KeptInitial)}");
    }

    private TrainingState Validate(SrNetwork network, TrainingState state)
    {
        var evaluator = new SetEvaluator(EvaluationProtocol.Paper, maxParallelism: 1);
        var upscaler = new NetworkUpscaler(network);
        var (files, set) = options.HoldOut.Count > 0
            ? (HoldOutSet.Resolve(options.HighResolutionFolder, options.HoldOut), $"{HoldOutSet.Name} {options.HoldOut.Count} images")
            : (ImageFolder.List(options.ValidationFolder!), ImageFolder.SetName(options.ValidationFolder!));
        var points = network.Config.Scales
            .Select(scale => evaluator.Evaluate(files, set, [scale], upscaler).Single())
            .Select(score => new ValidationPoint(state.Iteration, score.Scale, score.Psnr, score.Ssim, state.TrainingSeconds))
            .ToList();
        foreach (var point in points) log.Validation(point);
        log.RefreshCurve();
        log.Write("validation " + string.Join("  ", points.Select(p => $"x{p.Scale} {p.Psnr:F3} dB / {p.Ssim:F4}")) + $" ({set})");
        var validations = state.Validations.Concat(points).ToList();
        var first = points[0];
        // A run resumed onto another validation set starts its best afresh: scores on different images do not compare.
        // (Checkpoints written before ValidationSet was recorded have a best but no set name.)
        if (state.BestPsnr is not null && state.ValidationSet != set)
        {
            log.Write($"validation set changed from {state.ValidationSet ?? "an earlier set"} to {set}: {BestWeights} is chosen on {set} from now on");
            state = state with { BestPsnr = null, BestIteration = null };
        }
        state = state with { ValidationSet = set };
        if (state.BestPsnr is null || first.Psnr > state.BestPsnr)
        {
            CheckpointFile.Save(network, Path.Combine(options.OutputFolder, BestWeights), $"best validation {first.Psnr:F3} dB at iteration {first.Iteration}");
            return state with { Validations = validations, BestPsnr = first.Psnr, BestIteration = first.Iteration };
        }
        return state with { Validations = validations };
    }
}
