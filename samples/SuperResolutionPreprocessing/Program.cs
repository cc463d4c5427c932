// Super-resolution as preprocessing for a downstream vision model. Small, low-resolution photos (made here from the
// folder's images with the papers' bicubic degradation) are upscaled before ML.NET's own image featurisation and a
// classifier; the same pipeline without SuperResolve is trained beside it for comparison.
//   dotnet run --project samples/SuperResolutionPreprocessing -- <folder with one subfolder per class> [scale = 2]
using Microsoft.ML;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SuperResolutionPreprocessing <folder with one subfolder per class> [scale = 2]");
    return 2;
}
int scale = args.Length > 1 ? int.Parse(args[1]) : 2;
var rows = Directory.GetDirectories(args[0]).Order()
    .SelectMany(dir => Directory.GetFiles(dir, "*.png").Order().Select(f => new LabelledImage { Path = f, Label = Path.GetFileName(dir) }))
    .ToList();
if (rows.Select(r => r.Label).Distinct().Count() < 2)
{
    Console.Error.WriteLine($"{args[0]} needs at least two subfolders (classes) of PNG images");
    return 2;
}

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromEnumerable(rows);
var camera = ml.Transforms.LoadImages("Original", null, nameof(LabelledImage.Path))
    .Append(ml.SuperResolution().DownscaleBicubic("Image", "Original", scale)); // the low-resolution input

foreach (bool superResolve in new[] { false, true })
{
    IEstimator<ITransformer> upscale = superResolve
        ? ml.Transforms.SuperResolve("Image", "Image", scale)
        : ml.SuperResolution().UpscaleBicubic("Image", "Image", scale);
    var pipeline = camera
        .Append(upscale)
        .Append(ml.Transforms.ResizeImages("Small", 32, 32, "Image"))
        .Append(ml.Transforms.ExtractPixels("Features", "Small", scaleImage: 1f / 255))
        .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(LabelledImage.Label)))
        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features"));
    var model = pipeline.Fit(data);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data), "LabelKey");
    Console.WriteLine($"{(superResolve ? "SuperResolve x" + scale : "bicubic x" + scale),-16} training accuracy {metrics.MicroAccuracy:P1}, log-loss {metrics.LogLoss:F4}");
}
return 0;

sealed class LabelledImage
{
    public string Path { get; set; } = "";
    public string Label { get; set; } = "";
}
