using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Inference;
using MlNetSr.Onnx;

namespace MlNetSr.Pipelines;

/// <summary>
/// Upscales an image column with an SR network through ONNX Runtime (ApplyOnnxModel: GPU when usable, CPU otherwise).
/// Each image runs whole, as one forward pass, so memory grows with the image (about 1 GB per megapixel of output
/// at x2 on the CPU); the CLI and <see cref="SuperResolver"/> tile large images to identical pixels in bounded memory.
/// </summary>
public sealed class SuperResolutionTransformer : ImageColumnTransformer
{
    /// <summary>Upscaling factor of the model.</summary>
    public int Scale { get; }

    /// <summary>Where the model came from: the embedded default's name or the file's.</summary>
    public string ModelName { get; }

    /// <summary>The ONNX model (the unwrapped SR network), e.g. to save with <see cref="SaveOnnx"/>.</summary>
    internal byte[] ModelBytes { get; }

    internal SuperResolutionTransformer(TransformerChain<ITransformer> parts, string input, string output, int scale, string modelName, byte[] modelBytes)
        : base(parts, input, output, SuperResolutionEstimator.Operation)
    {
        Scale = scale;
        ModelName = modelName;
        ModelBytes = modelBytes;
    }

    /// <summary>Writes the network as an ONNX file (for the CLI's tiled engine or any ONNX runtime).</summary>
    public void SaveOnnx(string path) => IO.AtomicFile.Write(path, s => s.Write(ModelBytes));

    /// <summary>Builds the transformer for an SR ONNX model; the ONNX bytes are stored in saved pipelines.</summary>
    internal static SuperResolutionTransformer Create(TransformsCatalog catalog, IDataView input, string inputColumnName, string outputColumnName,
        byte[] model, string modelName, int? expectedScale, int? gpuDeviceId, bool fallbackToCpu)
    {
        int scale;
        using (var probe = SrOnnxModel.Load(model, modelName, new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = 1 }, expectedScale))
            scale = probe.Scale;
        var flat = FlatImageGraph.Wrap(model, modelName);
        var parts = FitParts(catalog, input, inputColumnName, outputColumnName,
        [
            data => catalog.CustomMapping(new ImageToNetworkInput().GetMapping(), ImageToNetworkInput.ContractName).Fit(data),
            data => catalog.ApplyOnnxModel([PipelineColumns.ResultPixels, PipelineColumns.ResultShape], [PipelineColumns.Pixels, PipelineColumns.Shape],
                new MemoryStream(flat), gpuDeviceId ?? 0, fallbackToCpu).Fit(data),
            data => catalog.CustomMapping(new NetworkOutputToImage().GetMapping(), NetworkOutputToImage.ContractName).Fit(data),
        ]);
        return new SuperResolutionTransformer(parts, inputColumnName, outputColumnName, scale, modelName, model);
    }
}

/// <summary>The estimator of <c>mlContext.Transforms.SuperResolve</c>: nothing to learn; Fit checks and builds.</summary>
public sealed class SuperResolutionEstimator : ImageColumnEstimator<SuperResolutionTransformer>
{
    internal new const string Operation = "SuperResolve";
    private readonly SuperResolutionOptions options;

    internal SuperResolutionEstimator(TransformsCatalog catalog, SuperResolutionOptions options)
        : base(catalog, options.OutputColumnName, options.InputColumnName, Operation)
    {
        if (options.Scale < 2) throw new ArgumentOutOfRangeException(nameof(options), $"{Operation}: scale {options.Scale} is not an upscaling factor (2 or more)");
        if (options.ModelFile is not null && options.Model is not null)
            throw new ArgumentException($"{Operation}: give a model file or a fitted transformer, not both", nameof(options));
        if (options.ModelFile is not null && !File.Exists(options.ModelFile))
            throw new FileNotFoundException($"{Operation}: model file {options.ModelFile} not found", options.ModelFile);
        if (options.ModelFile is null && options.Model is null && !DefaultModels.Scales.Contains(options.Scale))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"{Operation}: scale {options.Scale} has no embedded default model (embedded: {string.Join(", ", DefaultModels.Scales)}); give a model file");
        this.options = options;
    }

    private protected override SuperResolutionTransformer FitChecked(IDataView input)
    {
        var (model, name) = options switch
        {
            { Model: { } fitted } => (fitted.ModelBytes, fitted.ModelName),
            { ModelFile: { } file } => (File.ReadAllBytes(file), Path.GetFileName(file)),
            _ => (DefaultModels.Get(options.Scale), "embedded " + DefaultModels.NameFor(options.Scale)),
        };
        return SuperResolutionTransformer.Create(Catalog, input, InputColumnName, OutputColumnName, model, name, options.Scale,
            options.GpuDeviceId, options.FallbackToCpu);
    }
}
