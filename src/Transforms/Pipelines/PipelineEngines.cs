using System.Collections.Concurrent;
using System.Security.Cryptography;
using MlNetSr.Inference;

namespace MlNetSr.Pipelines;

/// <summary>
/// The engines behind <c>SuperResolve</c> in pipelines: one ONNX session per distinct model and settings in the
/// process, shared by every row, cursor, PredictionEngine and thread, and kept for the life of the process (as the
/// embedded models are). Pipeline parts are stateless (ML.NET rebuilds them by name when a model is loaded), so a
/// row brings its model's bytes and the engine is found by their SHA-256.
/// </summary>
internal static class PipelineEngines
{
    private static readonly ConcurrentDictionary<string, Lazy<SuperResolver>> Engines = new();
    private static int created;

    /// <summary>How many engines (ONNX sessions) this process has created so far: the tests' check that they are shared.</summary>
    internal static int Created => Volatile.Read(ref created);

    public static SuperResolver For(byte[] model, EngineSettings settings)
    {
        string key = Convert.ToHexString(SHA256.HashData(model)) + "|" + string.Join(",", settings.ToVector());
        var entry = Engines.GetOrAdd(key, _ => new Lazy<SuperResolver>(() => Create(model, settings)));
        try { return entry.Value; }
        catch
        {
            Engines.TryRemove(new KeyValuePair<string, Lazy<SuperResolver>>(key, entry)); // let a later row try again
            throw;
        }
    }

    private static SuperResolver Create(byte[] model, EngineSettings settings)
    {
        Interlocked.Increment(ref created);
        var options = settings.ToInferenceOptions();
        var network = SrOnnxModel.Load(model.ToArray(), $"SuperResolve x{settings.Scale} model", options, settings.Scale);
        return new SuperResolver(network, options, ownsModel: true);
    }
}
