using System.Diagnostics;
using System.Globalization;
using MlNetSr.Reporting;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetSr.Bench;

/// <summary>
/// Seconds per training step of EDSR-baseline in TorchSharp (x2: the same work as bench/training/torch_train_step.py):
/// forward on [batch, 3, patch, patch] uniform [0, 255], L1 against the target, backward, Adam step.
/// With channelsLast (a parameter of <see cref="SecondsPerStep"/>) the benchmark feeds the batch the way the trainer does (<see cref="ChannelsLast"/>); false is
/// plain NCHW, for the comparison. Median over the timed steps after a warm-up.
/// </summary>
public static class TrainingStepBenchmark
{
    public static double SecondsPerStep(int threads, int batch, int patch, int steps, int scale = 2, bool channelsLast = true, int warmup = 3)
    {
        set_num_threads(threads);
        manual_seed(1);
        using var model = SrModelFactory.Create(ModelPresets.Get(ModelPresets.EdsrBaseline, scale));
        model.train();
        var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), 1e-4, 0.9, 0.999, 1e-8);
        using var nchwInput = rand(batch, 3, patch, patch) * 255;
        using var nchwTarget = rand(batch, 3, scale * patch, scale * patch) * 255;
        using var input = channelsLast ? ChannelsLast.Of(nchwInput) : nchwInput.alias();
        using var target = channelsLast ? ChannelsLast.Of(nchwTarget) : nchwTarget.alias();
        var times = new List<double>();
        using var progress = ProgressBar.ForConsole("training steps");
        for (int step = 0; step < warmup + steps; step++)
        {
            var watch = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                model.zero_grad(set_to_none: true);
                var loss = nn.functional.l1_loss(model.forward(input), target);
                loss.backward();
                optimizer.step();
            }
            if (step >= warmup) times.Add(watch.Elapsed.TotalSeconds);
            progress.Report((step + 1, warmup + steps));
        }
        times.Sort();
        return times[times.Count / 2];
    }

    public static string Describe(int threads, int batch, int patch, int scale, bool channelsLast, double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"engine\": \"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}\", \"threads\": {threads}, \"batch\": {batch}, \"patch\": {patch}, \"scale\": {scale}, \"layout\": \"{(channelsLast ? "channels-last" : "nchw")}\", \"seconds_per_step\": {seconds:F4}}}");
}
