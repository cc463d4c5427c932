using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetSr.Inference;
using MlNetSr.Pipelines;
using MlNetSr.Trainer.Models;
using MlNetSr.Trainer.Onnx;
using MlNetSr.Trainer.Training;

namespace MlNetSr.Estimators;

/// <summary>
/// Trains EDSR or MDSR on a column of HR images (<see cref="SrTrainerOptions"/>) with MlNetSr.Trainer, exports the
/// network to ONNX and returns the transformer that <c>SuperResolve</c> returns. Progress goes to the MLContext's
/// Log and to <see cref="SrTrainerOptions.Progress"/>; the run folder holds resumable checkpoints.
/// </summary>
public sealed class SrTrainerEstimator : IEstimator<SuperResolutionTransformer>
{
    private readonly MLContext context;
    private readonly SrTrainerOptions options;
    private readonly ModelConfig model;
    private readonly string operation;

    internal SrTrainerEstimator(MLContext context, SrTrainerOptions options, string defaultPreset)
    {
        this.context = context;
        this.options = options;
        operation = defaultPreset.StartsWith("mdsr", StringComparison.Ordinal) ? "Mdsr" : "Edsr";
        string preset = options.Preset ?? defaultPreset;
        if (!ModelPresets.Names.Contains(preset))
            throw new ArgumentException($"{operation}: unknown preset '{preset}'; use {string.Join(", ", ModelPresets.Names)}", nameof(options));
        model = ModelPresets.Get(preset, options.Scale);
        if (!model.Scales.Contains(options.Scale))
            throw new ArgumentOutOfRangeException(nameof(options), $"{operation}: scale {options.Scale} is not one of the model's ({string.Join(", ", model.Scales)})");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Runs the whole training before it returns. The run folder (<see cref="SrTrainerOptions.RunFolder"/>, or a new
    /// temporary folder) receives the training images, checkpoints and the ONNX model; a run found there is resumed.
    /// </remarks>
    public SuperResolutionTransformer Fit(IDataView input)
    {
        ImageColumnSchema.Check(input.Schema, options.LabelColumnName, $"{operation} (label)");
        if (options.LowResolutionColumnName is { } low) ImageColumnSchema.Check(input.Schema, low, $"{operation} (LR)");
        string run = options.RunFolder ?? Directory.CreateTempSubdirectory("mlnetsr-train-").FullName;
        Directory.CreateDirectory(run);
        var (hr, lr, rows) = TrainingImages.Write(input, options.LabelColumnName, options.LowResolutionColumnName, options.Scale, run);
        var holdOut = HeldOutRows.Pick(rows, options.HoldOutRows, operation);

        var host = ((IHostEnvironment)context).Register("MlNetSr." + operation);
        using var channel = host.Start("Training");
        var trainingOptions = new TrainingOptions
        {
            Model = model,
            HighResolutionFolder = hr,
            LowResolutionFolder = lr,
            OutputFolder = Path.Combine(run, "run"),
            Iterations = options.Iterations,
            BatchSize = options.BatchSize,
            LowResolutionPatch = options.LowResolutionPatch,
            LearningRate = options.LearningRate,
            DecayEvery = options.DecayEvery,
            DecayAt = options.DecayAt,
            Schedule = options.Schedule,
            CosineFrom = options.CosineFrom,
            MinLearningRate = options.MinLearningRate,
            DownscaleCopies = options.DownscaleCopies,
            HoldOut = holdOut,
            Seed = options.Seed,
            InitialWeights = options.InitialWeights,
            ValidationFolder = options.ValidationFolder,
            ValidateEvery = options.ValidateEvery,
            CheckpointEvery = options.ValidateEvery,
            LogEvery = options.LogEvery,
            Threads = options.Threads,
            Precision = options.Precision,
            Resume = File.Exists(Path.Combine(run, "run", SrTrainer.LatestCheckpoint)),
        };
        var result = new SrTrainer(trainingOptions, line => channel.Info(MessageSensitivity.None, line), options.Progress).Run();
        string onnx = Path.Combine(run, $"{operation.ToLowerInvariant()}-x{options.Scale}.onnx");
        using (result.Network) OnnxExporter.Export(result.Network, onnx, options.Scale, $"{operation} trained by MlNetSr.Estimators, {result.State.Iteration} iterations");
        channel.Info(MessageSensitivity.None, $"exported {onnx}");

        return SuperResolutionTransformer.Create(context.Transforms, SchemaOnly(), options.InputColumnName, options.OutputColumnName,
            File.ReadAllBytes(onnx), Path.GetFileName(onnx), options.Scale, new InferenceOptions());
    }

    // The transformer's parts are fitted on a schema with the input column; no rows are needed.
    private IDataView SchemaOnly()
    {
        var definition = SchemaDefinition.Create(typeof(ImageInputRow));
        definition[0].ColumnName = options.InputColumnName;
        return context.Data.LoadFromEnumerable(new List<ImageInputRow>(), definition);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ImageColumnSchema.Check(inputSchema, options.LabelColumnName, $"{operation} (label)");
        bool hasInput = inputSchema.Any(c => c.Name == options.InputColumnName);
        if (hasInput) ImageColumnSchema.Check(inputSchema, options.InputColumnName, operation);
        return context.Transforms.CopyColumns(options.OutputColumnName, hasInput ? options.InputColumnName : options.LabelColumnName).GetOutputSchema(inputSchema);
    }
}
