using System.CommandLine;
using MlNetSr.Inference;
using MlNetSr.Pipelines;

namespace MlNetSr.Cli.Commands;

/// <summary>The options shared by commands that run a model: --model, --memory, --tile, --margin, --self-ensemble, --device, --threads, --precision.</summary>
public sealed class InferenceArguments
{
    public Option<string?> Model { get; } = new("--model") { Description = "ONNX model (from `mlnetsr export`); default: the embedded EDSR-baseline for the scale" };
    public Option<string> Memory { get; } = new("--memory") { Description = "Memory for one forward pass, e.g. 1GiB, 512MiB; tiles are derived from it (the whole image when it fits)", DefaultValueFactory = _ => "1GiB" };
    public Option<int?> Tile { get; } = new("--tile") { Description = "LR tile side, overriding --memory" };
    public Option<int?> Margin { get; } = new("--margin") { Description = "LR context per tile side (default: the model's receptive field, exact)" };
    public Option<bool> SelfEnsemble { get; } = new("--self-ensemble") { Description = "x8 geometric self-ensemble (EDSR+), 8 times slower" };
    public Option<string> Device { get; } = new("--device") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads (default: all cores)" };
    public Option<string> Precision { get; } = new("--precision") { Description = "Embedded model precision: float32, int8 (about 2x faster on CPUs with VNNI, <= 0.10 dB lower) or auto (int8 on a VNNI CPU, float32 on a GPU); a --model file runs as it is", DefaultValueFactory = _ => "float32" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Memory, Tile, Margin, SelfEnsemble, Device, Threads, Precision }) command.Add(option);
    }

    public InferenceOptions Options(ParseResult parse) => new()
    {
        TileSize = parse.GetValue(Tile) is int tile && tile < 8 ? throw new UsageException($"--tile {tile} must be at least 8") : parse.GetValue(Tile),
        MemoryBudget = MemorySize.Parse(parse.GetValue(Memory)!, "--memory"),
        Margin = parse.GetValue(Margin) is int m && m < 0 ? throw new UsageException($"--margin {m} must be 0 or more") : parse.GetValue(Margin),
        SelfEnsemble = parse.GetValue(SelfEnsemble),
        Threads = parse.GetValue(Threads) is int t && t < 1 ? throw new UsageException($"--threads {t} must be at least 1") : parse.GetValue(Threads),
        Device = parse.GetValue(Device)!.ToLowerInvariant() switch
        {
            "auto" => ExecutionDevice.Auto,
            "cpu" => ExecutionDevice.Cpu,
            "cuda" => ExecutionDevice.Cuda,
            var other => throw new UsageException($"--device '{other}' is not supported: use auto, cpu or cuda"),
        },
    };

    /// <summary>Loads --model (or the embedded default) for the given scale and says on stderr where it runs.</summary>
    public SuperResolver Load(ParseResult parse, int scale)
    {
        var options = Options(parse);
        var model = parse.GetValue(Model) is string path ? SrOnnxModel.Load(path, options, scale) : LoadDefault(scale, options, PrecisionOf(parse));
        var resolver = new SuperResolver(model, options, ownsModel: true);
        resolver.CheckMemoryBudget();
        string tiling = options.TileSize is int tile ? $"tile {tile}" : $"memory {ForwardMemory.Describe(options.MemoryBudget)}";
        Console.Error.WriteLine($"mlnetsr: {model.Name} x{model.Scale} on {model.Provider}, {tiling}, margin {resolver.Margin}{(options.SelfEnsemble ? ", self-ensemble x8" : "")}");
        return resolver;
    }

    private Precision PrecisionOf(ParseResult parse) => ParsePrecision(parse.GetValue(Precision)!);

    /// <summary>"float32" (or "fp32"), "int8" or "auto", as --precision takes it.</summary>
    internal static Precision ParsePrecision(string text) => text.ToLowerInvariant() switch
    {
        "float32" or "fp32" => Inference.Precision.Float32,
        "int8" => Inference.Precision.Int8,
        "auto" => Inference.Precision.Auto,
        var other => throw new UsageException($"--precision '{other}' is not supported: use float32, int8 or auto"),
    };

    // Once per process: a run that loads one network per scale would otherwise repeat the same line.
    private static int warnedAboutInt8;

    /// <summary>Says on stderr, once per run, when int8 will lose more than its documented 0.10 dB on this machine.</summary>
    internal static void WarnAboutInt8(Precision precision, ExecutionDevice device)
    {
        if (PrecisionChoice.Int8Caveat(precision, device) is string caveat && Interlocked.Exchange(ref warnedAboutInt8, 1) == 0)
            Console.Error.WriteLine($"mlnetsr: warning: {caveat}");
    }

    private static SrOnnxModel LoadDefault(int scale, InferenceOptions options, Precision requested)
    {
        if (!DefaultModels.Scales.Contains(scale))
            throw new UsageException($"--scale {scale}: no embedded default model for this scale (embedded: {string.Join(", ", DefaultModels.Scales)}); give --model");
        var precision = PrecisionChoice.Resolve(requested, options.Device);
        WarnAboutInt8(precision, options.Device);
        return SrOnnxModel.Load(DefaultModels.Get(scale, precision), "embedded " + DefaultModels.NameFor(scale, precision), options, scale);
    }
}
