using System.Globalization;
using System.Text.Json;
using MlNetSr.Imaging;
using MlNetSr.Inference;
using MlNetSr.Pipelines;

namespace MlNetSr.Bench;

/// <summary>
/// Where ONNX Runtime's time goes inside one upscale: runs it with ORT's profiler on (through
/// <see cref="InferenceOptions.ConfigureSession"/>) and sums the profile's node events by operator type. Prints one line
/// per type, largest first: milliseconds, share of the summed node time, and the node count.
/// </summary>
public static class OrtProfile
{
    public static string Run(string input, int scale, Precision precision, long budget)
    {
        string prefix = Path.Combine(Path.GetTempPath(), $"mlnetsr-ort-profile-{Environment.ProcessId}");
        var options = new InferenceOptions
        {
            Device = ExecutionDevice.Cpu,
            MemoryBudget = budget,
            ConfigureSession = o => { o.ProfileOutputPathPrefix = prefix; o.EnableProfiling = true; }, // the prefix is read when profiling is enabled
        };
        var image = ImageFile.Read(input);
        using (var engine = new SuperResolver(SrOnnxModel.Load(DefaultModels.Get(scale, precision), precision.ToString(), options), options, ownsModel: true))
            engine.Upscale(image, scale); // the profile file is written when the session is disposed
        string file = Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(prefix) + "*.json").Single();
        var totals = new Dictionary<string, (double Ms, int Nodes)>();
        using (var profile = JsonDocument.Parse(File.ReadAllText(file)))
            foreach (var e in profile.RootElement.EnumerateArray())
            {
                if (e.GetProperty("cat").GetString() != "Node" || !e.TryGetProperty("args", out var a) || !a.TryGetProperty("op_name", out var op)) continue;
                if (!e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
                var (ms, nodes) = totals.GetValueOrDefault(op.GetString()!);
                totals[op.GetString()!] = (ms + e.GetProperty("dur").GetDouble() / 1000, nodes + 1);
            }
        File.Delete(file);
        double sum = totals.Values.Sum(t => t.Ms);
        return string.Join('\n', totals.OrderByDescending(t => t.Value.Ms).Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{precision} {t.Key}: {t.Value.Ms:F0} ms ({100 * t.Value.Ms / sum:F1} %), {t.Value.Nodes} node runs"))) + '\n';
    }
}
