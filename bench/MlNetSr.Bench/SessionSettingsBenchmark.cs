using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using MlNetSr.Inference;
using MlNetSr.Pipelines;

namespace MlNetSr.Bench;

/// <summary>
/// One ONNX Runtime session setting against the engine's defaults (bench/int8/session-settings.sh runs each in its own
/// process, interleaved): the embedded model of one precision upscales a photograph-like frame <c>rounds</c> times in
/// one process, tiled under a memory budget so tiles of several shapes reach the session, as in a real large image.
/// Prints one line: the setting, the first (cold) upscale's seconds, then each later (warm) one's.
/// </summary>
public static class SessionSettingsBenchmark
{
    /// <summary>The settings measured, by name; "default" is the engine's own.</summary>
    public static readonly IReadOnlyDictionary<string, Action<SessionOptions>?> Settings = new Dictionary<string, Action<SessionOptions>?>
    {
        ["default"] = null,
        ["threads-1"] = o => o.IntraOpNumThreads = 1,
        ["threads-4"] = o => o.IntraOpNumThreads = 4,
        ["optimization-basic"] = o => o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC,
        ["optimization-extended"] = o => o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        ["no-memory-pattern"] = o => o.EnableMemoryPattern = false,
        ["no-arena"] = o => o.EnableCpuMemArena = false,
        ["no-spinning"] = o => o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0"),
    };

    public static string Run(string data, string setting, Precision precision, int width, int height, int scale, long budget, int rounds)
    {
        if (!Settings.TryGetValue(setting, out var configure))
            throw new ArgumentException($"--setting {setting}: use one of {string.Join(", ", Settings.Keys)}");
        var frame = BenchmarkFrames.Mirrored(data, width, height);
        var options = new InferenceOptions { Device = ExecutionDevice.Cpu, MemoryBudget = budget, ConfigureSession = configure };
        var seconds = new List<double>();
        var clock = Stopwatch.StartNew();
        // Session creation counts in the cold figure: graph optimisation level changes it.
        using var engine = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(scale, precision), precision.ToString(), options), options, ownsModel: true);
        for (int round = 0; round < rounds; round++)
        {
            engine.Upscale(frame, scale);
            seconds.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
        }
        return string.Create(CultureInfo.InvariantCulture, $"{setting} {string.Join(" ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))}");
    }
}
