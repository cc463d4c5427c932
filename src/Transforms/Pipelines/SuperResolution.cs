using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetSr.Inference;
using MlNetSr.Onnx;

namespace MlNetSr.Pipelines;

/// <summary>
/// Upscales an image column with an SR network through ONNX Runtime (GPU when usable, CPU otherwise), tile by tile
/// within <see cref="SuperResolutionOptions.MemoryBudget"/> (default 1 GiB), to the same pixels as whole-image
/// inference and as <c>mlnetsr upscale</c>, whatever the image size. The model and the settings are saved with the
/// pipeline by <c>mlContext.Model.Save</c>.
/// </summary>
public sealed class SuperResolutionTransformer : ImageColumnTransformer
{
    /// <summary>Upscaling factor of the model.</summary>
    public int Scale { get; }

    /// <summary>Where the model came from: the embedded default's name or the file's.</summary>
    public string ModelName { get; }

    /// <summary>The ONNX model (the SR network), e.g. to save with <see cref="SaveOnnx"/>.</summary>
    internal byte[] ModelBytes { get; }

    internal SuperResolutionTransformer(TransformerChain<ITransformer> parts, string input, string output, int scale, string modelName, byte[] modelBytes)
        : base(parts, input, output, SuperResolutionEstimator.Operation)
    {
        Scale = scale;
        ModelName = modelName;
        ModelBytes = modelBytes;
    }

    /// <summary>Writes the network as an ONNX file (for the CLI or any ONNX runtime).</summary>
    public void SaveOnnx(string path) => IO.AtomicFile.Write(path, s => s.Write(ModelBytes));

    /// <summary>
    /// Builds the transformer for an SR ONNX model. The chain: the image's size (a tensor for ApplyOnnxModel) ->
    /// ApplyOnnxModel of the model carrier graph (keeps the model bytes and settings in saved pipelines) -> the
    /// tiled engine as a named CustomMapping.
    /// </summary>
    /// <exception cref="MemoryBudgetException">the budget cannot hold the smallest tile of this model</exception>
    internal static SuperResolutionTransformer Create(TransformsCatalog catalog, IDataView input, string inputColumnName, string outputColumnName,
        byte[] model, string modelName, int? expectedScale, InferenceOptions options, string? imagePathColumnName = null)
    {
        int scale;
        using (var probe = SrOnnxModel.Load(model, modelName, new InferenceOptions { Device = ExecutionDevice.Cpu, Threads = 1 }, expectedScale))
        {
            scale = probe.Scale;
            new SuperResolver(probe, options).CheckMemoryBudget();
        }
        var settings = new EngineSettings(scale, options.SelfEnsemble, options.MemoryBudget, options.TileSize, options.Device, options.GpuDeviceId);
        var carrier = ModelCarrierGraph.Build(model, settings.ToVector());
        var stages = new List<Func<IDataView, ITransformer>>
        {
            data => catalog.CustomMapping(new ImageSizeMapping().GetMapping(), ImageSizeMapping.ContractName).Fit(data),
        };
        if (imagePathColumnName is not null) // replaces the empty source name with the row's file
            stages.Add(data => catalog.CopyColumns(PipelineColumns.Source, imagePathColumnName).Fit(data));
        var parts = FitParts(catalog, input, inputColumnName, outputColumnName,
        [
            .. stages,
            data => catalog.ApplyOnnxModel([PipelineColumns.Model, PipelineColumns.Settings], [PipelineColumns.Size], new MemoryStream(carrier)).Fit(data),
            data => catalog.CustomMapping(new TiledSuperResolution().GetMapping(), TiledSuperResolution.ContractName).Fit(data),
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
        try { options.ToInferenceOptions().Validate(); } // the engine's own checks (tile size, budget, GPU id)
        catch (ArgumentOutOfRangeException e) { throw new ArgumentOutOfRangeException(nameof(options), $"{Operation}: {e.Message.Split(" (Parameter")[0]}"); }
        this.options = options;
    }

    private static (byte[] Model, string Name) DefaultModel(SuperResolutionOptions options)
    {
        var precision = PrecisionChoice.Resolve(options.Precision, options.ToInferenceOptions().Device);
        return (DefaultModels.Get(options.Scale, precision), "embedded " + DefaultModels.NameFor(options.Scale, precision));
    }

    // A file over protobuf's 2 GiB limit is refused before it is read into memory.
    private static byte[] ReadModelFile(string file)
    {
        OnnxModelCheck.CheckFileSize(file);
        return File.ReadAllBytes(file);
    }

    private protected override SuperResolutionTransformer FitChecked(IDataView input)
    {
        var (model, name) = options switch
        {
            { Model: { } fitted } => (fitted.ModelBytes, fitted.ModelName),
            { ModelFile: { } file } => (ReadModelFile(file), Path.GetFileName(file)),
            _ => DefaultModel(options),
        };
        if (options.ImagePathColumnName is { } pathColumn && input.Schema.GetColumnOrNull(pathColumn)?.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(input), $"{Operation}: image path column '{pathColumn}' " +
                (input.Schema.GetColumnOrNull(pathColumn) is { } column ? $"has type {column.Type}; expected text" : "not found"));
        return SuperResolutionTransformer.Create(Catalog, input, InputColumnName, OutputColumnName, model, name, options.Scale, options.ToInferenceOptions(),
            options.ImagePathColumnName);
    }
}
