using Microsoft.ML.OnnxRuntime;

namespace MlNetSr.Inference;

/// <summary>
/// An ONNX Runtime session and the execution provider that actually runs it. It owns the options it was made with:
/// a <see cref="InferenceOptions.ConfigureSession"/> hook may have tied native resources to them.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly SessionOptions options;

    internal OnnxSession(InferenceSession session, SessionOptions options, string provider)
    {
        Session = session;
        Provider = provider;
        this.options = options;
    }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>The execution provider that runs it, in words (e.g. "CPU", "CUDA (GPU 0)").</summary>
    public string Provider { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Session.Dispose();
        options.Dispose();
    }
}

/// <summary>The requested execution device cannot be used on this machine.</summary>
public sealed class DeviceUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The one place sessions are made. CUDA is tried when the device allows it; ONNX Runtime lists CUDA as available
/// even without a GPU, so the only test is to try: on failure <see cref="ExecutionDevice.Auto"/> falls back to the
/// CPU and says so, and <see cref="ExecutionDevice.Cuda"/> fails with the reason.
/// </summary>
public static class OnnxSessionFactory
{
    /// <summary>A session for <paramref name="model"/> on the device <paramref name="options"/> allow.</summary>
    /// <param name="model">ONNX bytes</param>
    /// <param name="options">device, GPU id and threads</param>
    public static OnnxSession Create(byte[] model, InferenceOptions options)
    {
        if (options.Device != ExecutionDevice.Cpu)
        {
            var environment = OrtEnv.Instance();
            var logLevel = environment.EnvLogLevel;
            try
            {
                // ONNX Runtime logs a multi-line native error when CUDA's libraries are missing; we report it ourselves.
                environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
                return NewSession(model, options, $"CUDA (GPU {options.GpuDeviceId})",
                    gpu => gpu.AppendExecutionProvider_CUDA(options.GpuDeviceId));
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                if (options.Device == ExecutionDevice.Cuda)
                    throw new DeviceUnavailableException($"CUDA was requested but cannot be used: {FirstLine(e.Message)}", e);
                return NewSession(model, options, $"CPU (CUDA unavailable: {FirstLine(e.Message)})");
            }
            finally
            {
                environment.EnvLogLevel = logLevel;
            }
        }
        return NewSession(model, options, "CPU");
    }

    // The options go with the session made from them, or are disposed when none is made (a throwing hook included).
    private static OnnxSession NewSession(byte[] model, InferenceOptions options, string provider, Action<SessionOptions>? addProvider = null)
    {
        var settings = DefaultOptions(options);
        try
        {
            options.ConfigureSession?.Invoke(settings);
            addProvider?.Invoke(settings);
            return new OnnxSession(new InferenceSession(model, settings), settings, provider);
        }
        catch
        {
            settings.Dispose();
            throw;
        }
    }

    // Measured (bench/results/session-settings.md): full graph optimisation, memory pattern and arena on, and as many
    // intra-op threads as the process may use (Environment.ProcessorCount follows the affinity mask and cgroup limit).
    private static SessionOptions DefaultOptions(InferenceOptions options) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = options.Threads ?? Environment.ProcessorCount,
        EnableMemoryPattern = true,
        EnableCpuMemArena = true,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "..." : line;
    }
}
