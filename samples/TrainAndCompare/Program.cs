// One ML.NET experiment: train an EDSR estimator on a folder of HR images, then score it against bicubic on a
// benchmark folder with the papers' protocol.
//   dotnet run --project samples/TrainAndCompare -- <training folder> <benchmark folder> [iterations = 1000] [scale = 2]
using Microsoft.ML;
using MlNetSr.Estimators;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: TrainAndCompare <training folder> <benchmark folder> [iterations = 1000] [scale = 2]");
    return 2;
}
int iterations = args.Length > 2 ? int.Parse(args[2]) : 1000;
int scale = args.Length > 3 ? int.Parse(args[3]) : 2;
var ml = new MLContext(seed: 1);
IDataView Images(string folder) => ml.Data.LoadFromEnumerable(Directory.GetFiles(folder)
    .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".bmp" or ".jpg" or ".jpeg").Order().Select(f => new ImageFile { Path = f }));
var load = ml.Transforms.LoadImages("Label", null, nameof(ImageFile.Path));

// Train: HR images in "Label"; the trainer makes the LR images with the MATLAB bicubic, as the paper.
var training = Images(args[0]);
var trainer = ml.SuperResolution().Trainers.Edsr(new SrTrainerOptions
{
    LabelColumnName = "Label", InputColumnName = "LowResolution", OutputColumnName = "Score", Scale = scale,
    Iterations = iterations, LogEvery = Math.Max(1, iterations / 10),
    Progress = new Progress<MlNetSr.Trainer.Training.TrainingProgress>(p => Console.WriteLine(p)),
});
var edsr = trainer.Fit(load.Fit(training).Transform(training));

// Evaluate: the same degradation for both upscalers, the same metrics.
var benchmark = Images(args[1]);
var degrade = load.Append(ml.SuperResolution().DownscaleBicubic("LowResolution", "Label", scale));
var candidates = new (string Name, IEstimator<ITransformer> Upscaler)[]
{
    ("bicubic", ml.SuperResolution().UpscaleBicubic("Score", "LowResolution", scale)),
    ($"EDSR ({iterations} it)", new FittedEstimator(edsr)),
};
foreach (var (name, upscaler) in candidates)
{
    var scored = degrade.Append(upscaler).Fit(benchmark).Transform(benchmark);
    var metrics = ml.SuperResolution().Evaluate(scored, "Label", "Score", scale);
    Console.WriteLine($"{name,-20} PSNR {metrics.PeakSignalToNoiseRatio:F2} dB  SSIM {metrics.StructuralSimilarity:F4}  ({metrics.PerImage.Count} images, {metrics.ProtocolDescription})");
}
return 0;

sealed class ImageFile
{
    public string Path { get; set; } = "";
}

// An already fitted transformer used as a pipeline step.
sealed class FittedEstimator(ITransformer transformer) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input) => transformer;
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
}
