using Microsoft.ML.OnnxRuntime;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using Xunit;

namespace MlNetSr.Tests.Inference;

/// <summary>The engine's ONNX Runtime session settings (bench/results/session-settings.md) and the hook that changes them.</summary>
public class SessionSettingsTests
{
    [Fact]
    public void ConfigureSession_sees_the_engine_defaults_and_its_changes_are_used()
    {
        var seen = new List<(GraphOptimizationLevel, int, bool, bool)>();
        string optimized = Path.Combine(Path.GetTempPath(), $"mlnetsr-hook-{Guid.NewGuid():N}.onnx");
        var options = new InferenceOptions
        {
            Device = ExecutionDevice.Cpu,
            ConfigureSession = o =>
            {
                seen.Add((o.GraphOptimizationLevel, o.IntraOpNumThreads, o.EnableMemoryPattern, o.EnableCpuMemArena));
                o.IntraOpNumThreads = 1;
                o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
                o.OptimizedModelFilePath = optimized; // ONNX Runtime writes it only if the session got these options
            },
        };
        var image = new ByteImage(40, 30, 3, Enumerable.Range(0, 40 * 30 * 3).Select(i => (byte)(i * 37 % 251)).ToArray());
        using var tuned = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(2), "x2", options, 2), options, ownsModel: true);
        var cpu = new InferenceOptions { Device = ExecutionDevice.Cpu };
        using var plain = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(2), "x2", cpu, 2), cpu, ownsModel: true);

        // Threads default to the cores this process may use (.NET's ProcessorCount follows affinity and cgroup limits).
        Assert.Equal([(GraphOptimizationLevel.ORT_ENABLE_ALL, Environment.ProcessorCount, true, true)], seen);
        try { Assert.True(File.Exists(optimized), "the session did not use the hook's options"); }
        finally { File.Delete(optimized); }
        var expected = plain.Upscale(image, 2).Data;
        var actual = tuned.Upscale(image, 2).Data;
        // Basic optimisation skips fusions, so float sums may round differently: equal within one level per byte.
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1));
    }

    [Fact]
    public void A_hook_that_throws_fails_the_model_load_with_its_own_error()
    {
        SessionOptions? seen = null;
        var options = new InferenceOptions
        {
            Device = ExecutionDevice.Cpu,
            ConfigureSession = o => { seen = o; throw new InvalidOperationException("tuning refused"); },
        };
        var error = Assert.Throws<InvalidOperationException>(() => SrOnnxModel.Load(DefaultModels.Get(2), "x2", options, 2));
        Assert.Equal("tuning refused", error.Message);
        Assert.True(seen is { IsClosed: true }, "the options the hook refused were not released");
    }

    [Fact]
    public void The_session_options_live_as_long_as_the_model_and_are_released_with_it()
    {
        SessionOptions? seen = null;
        var options = new InferenceOptions { Device = ExecutionDevice.Cpu, ConfigureSession = o => seen = o };
        var model = SrOnnxModel.Load(DefaultModels.Get(2), "x2", options, 2);
        Assert.False(seen!.IsClosed, "the options were released while their session still runs");
        model.Dispose();
        Assert.True(seen.IsClosed, "disposing the model left its session options open");
    }
}
